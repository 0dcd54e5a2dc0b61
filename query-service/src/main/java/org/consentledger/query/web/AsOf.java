package org.consentledger.query.web;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Moments in query parameters: RFC 3339 date-times. */
public final class AsOf {

    private AsOf() {
    }

    /** The moment a question is asked about, or now when absent. */
    public static Instant parse(String parameter, String value, Clock clock) {
        return value == null || value.isBlank() ? clock.instant() : instant(parameter, value);
    }

    public static Instant instant(String parameter, String value) {
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("INVALID_PARAMETER",
                    parameter + "='" + value + "' is not an RFC 3339 date-time such as 2026-03-01T00:00:00Z");
        }
    }
}
