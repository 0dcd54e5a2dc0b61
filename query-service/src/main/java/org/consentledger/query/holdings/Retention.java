package org.consentledger.query.holdings;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;

/** ISO-8601 retention periods such as {@code P90D}, {@code P1Y6M} or {@code P1DT12H}, measured in UTC. */
final class Retention {

    private Retention() {
    }

    static Instant end(Instant start, String retention) {
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
