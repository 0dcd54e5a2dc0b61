package org.consentledger.contracts.dataflow;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/**
 * ISO-8601 retention periods such as {@code P90D}, {@code P1Y6M} or {@code P1DT12H}, measured in UTC:
 * the ledger checks at ingestion that the end can be computed, the views compute it per as-of moment.
 */
public final class Retention {

    private Retention() {
    }

    /** @throws java.time.DateTimeException or {@link ArithmeticException} when the end is out of range */
    public static Instant end(Instant start, String retention) {
        int t = retention.indexOf('T');
        String datePart = t < 0 ? retention : retention.substring(0, t);
        Instant end = start;
        if (datePart.length() > 1) {
            end = start.atOffset(ZoneOffset.UTC).plus(Period.parse(datePart)).toInstant();
        }
        if (t >= 0) {
            end = end.plus(Duration.parse("P" + retention.substring(t)));
        }
        return end;
    }
}
