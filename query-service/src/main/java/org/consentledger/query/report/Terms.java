package org.consentledger.query.report;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.MessageSource;

/**
 * The vocabulary's terms (categories, purposes, legal bases, retention periods) as a person reads
 * them, in the report's language; a term without a label reads as words ("x:LoyaltyProgramme" →
 * "Loyalty Programme"). Remembers every term it labelled, so the report can carry them all once.
 */
final class Terms {

    private final MessageSource messages;
    private final Locale locale;
    private final Map<String, String> labelled = new TreeMap<>();

    Terms(MessageSource messages, Locale locale) {
        this.messages = messages;
        this.locale = locale;
    }

    String category(String id) {
        return remember(id, messages.getMessage("category." + id, null, humanize(id), locale));
    }

    String purpose(String id) {
        return remember(id, messages.getMessage("purpose." + id.replace(':', '_'), null, humanize(id), locale));
    }

    String basis(String id) {
        return remember(id, messages.getMessage("basis." + id, null, id, locale));
    }

    /** An ISO 8601 period or duration ({@code P2Y}, {@code P90D}, {@code PT24H}) in words; the id itself if it is neither. */
    String retention(String id) {
        return remember(id, retentionWords(id));
    }

    /** Every term labelled so far, by id. */
    Map<String, String> labelled() {
        return Map.copyOf(labelled);
    }

    private String retentionWords(String id) {
        try {
            Period period = Period.parse(id);
            StringBuilder words = new StringBuilder();
            append(words, "years", period.getYears());
            append(words, "months", period.getMonths());
            if (period.getDays() % 7 == 0) {
                append(words, "weeks", period.getDays() / 7);
            } else {
                append(words, "days", period.getDays());
            }
            return words.isEmpty() ? id : words.toString();
        } catch (DateTimeParseException notAPeriod) {
            try {
                Duration duration = Duration.parse(id);
                StringBuilder words = new StringBuilder();
                append(words, "hours", duration.toHours());
                append(words, "minutes", duration.toMinutesPart());
                return words.isEmpty() ? id : words.toString();
            } catch (DateTimeParseException notADuration) {
                return id;
            }
        }
    }

    private void append(StringBuilder words, String unit, long amount) {
        if (amount > 0) {
            words.append(words.isEmpty() ? "" : ", ").append(messages.getMessage("retention." + unit,
                    new Object[] {amount}, locale));
        }
    }

    private String remember(String id, String label) {
        labelled.put(id, label);
        return label;
    }

    static String humanize(String term) {
        String last = term.substring(Math.max(term.lastIndexOf(':'), term.lastIndexOf('.')) + 1);
        String words = last.replace('_', ' ').replaceAll("([a-z])([A-Z])", "$1 $2");
        return words.isEmpty() ? term : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
