package org.consentledger.ledger.platform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Draws the event entries' global indexes from the database sequence, many in one round trip: the
 * recorder reserves one per command of a batch up front, instead of Hibernate asking the
 * sequence once per entry (the ingest threads' largest wait). A transaction uses its values in the
 * order they were drawn and draws more only when they run out, so its entries' indexes still rise in
 * the order they were created; values drawn but not used (a rolled-back batch) stay gaps, as with one
 * value per round trip. Tracking processors wait for gaps only as long as the transaction is open.
 */
@Component
public class GlobalIndexes {

    private final JdbcTemplate jdbc;

    GlobalIndexes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Draws {@code count} values for the current transaction's coming entries (none outside a transaction). */
    public void reserve(int count) {
        if (count > 0 && TransactionSynchronizationManager.isSynchronizationActive()) {
            reserved().addAll(draw(count));
        }
    }

    /** The next {@code count} values: reserved ones first, then freshly drawn. */
    long[] take(int count) {
        Deque<Long> reserved = reserved();
        if (reserved.size() < count) {
            reserved.addAll(draw(count - reserved.size()));
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = reserved.removeFirst();
        }
        return values;
    }

    private List<Long> draw(int count) {
        return jdbc.queryForList("select nextval('domain_event_entry_seq') as v from generate_series(1, ?) order by v",
                Long.class, count);
    }

    private Deque<Long> reserved() {
        return TransactionResources.bound(this, ArrayDeque::new);
    }
}
