package org.consentledger.query.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Dates as the reader's language writes them, in UTC; for the report template. */
public final class DateFormat {

    private final DateTimeFormatter day;
    private final DateTimeFormatter moment;

    DateFormat(Locale locale) {
        this.day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
        this.moment = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale)
                .withZone(ZoneOffset.UTC);
    }

    public String day(Instant instant) {
        return instant == null ? "" : day.format(instant);
    }

    /** The day and the minute, for what happened several times a day (reads of the record). */
    public String moment(Instant instant) {
        return instant == null ? "" : moment.format(instant) + " UTC";
    }
}
