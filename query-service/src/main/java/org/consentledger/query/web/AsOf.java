package org.consentledger.query.web;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The moment a question is asked about: an RFC 3339 date-time, or now when absent. */
public final class AsOf {

    private AsOf() {
    }

    public static Instant parse(String parameter, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("INVALID_PARAMETER",
                    parameter + "='" + value + "' is not an RFC 3339 date-time such as 2026-03-01T00:00:00Z");
        }
    }
}
