package org.consentledger.query.web;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.consentledger.contracts.ingest.LedgerTimes;

/** Moments in query parameters: RFC 3339 date-times in the years 1000-9999 (UTC) the ledger holds. */
public final class AsOf {

    private AsOf() {
    }

    /** The moment a question is asked about, or now when absent. */
    public static Instant parse(String parameter, String value, Clock clock) {
        return value == null || value.isBlank() ? clock.instant() : instant(parameter, value);
    }

    public static Instant instant(String parameter, String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException("INVALID_PARAMETER",
                    parameter + "='" + value + "' is not an RFC 3339 date-time such as 2026-03-01T00:00:00Z");
        }
        if (!LedgerTimes.holds(instant)) {
            throw new BadRequestException("INVALID_PARAMETER", parameter + "='" + value
                    + "' is outside the years 1000-9999 (UTC) the ledger holds");
        }
        return instant;
    }
}
