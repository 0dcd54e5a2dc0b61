package org.consentledger.contracts.ingest;

import java.time.Instant;

/**
 * The moments the ledger holds: years 1000-9999 in UTC, which PostgreSQL's timestamptz and RFC 3339
 * both keep exactly. Reports outside are refused at ingestion, questions outside answered 400.
 */
public final class LedgerTimes {

    public static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private LedgerTimes() {
    }

    public static boolean holds(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
