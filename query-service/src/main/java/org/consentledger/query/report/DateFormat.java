package org.consentledger.query.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Dates as the reader's language writes them, in UTC; for the report template. */
public final class DateFormat {

    private final DateTimeFormatter day;

    DateFormat(Locale locale) {
        this.day = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).withZone(ZoneOffset.UTC);
    }

    public String day(Instant instant) {
        return instant == null ? "" : day.format(instant);
    }
}
