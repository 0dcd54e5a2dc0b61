package org.consentledger.ledger.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consentledger.storage.log.StoredEvent;
import org.consentledger.storage.log.StoredLog;
import org.consentledger.transparency.Merkle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes committed events leaves, one batch per transaction, in the order of (storing transaction,
 * global index) among the transactions older than every one still running (Flyway V7 says why that
 * misses nothing). Several instances may run it: a transaction-scoped advisory lock lets one write
 * at a time, and each starts from the position the last one stored.
 */
@Component
class LogWriter {

    /** The advisory lock of the writer (any number no other lock of this database takes). */
    private static final long LOCK = 0x6c6f67_77726974L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StoredLog tree;
    private final int batch;

    LogWriter(JdbcTemplate jdbc, TransactionTemplate transactions, StoredLog tree, LogProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tree = tree;
        this.batch = properties.batch();
    }

    /** What one call made leaves of, and the tree's size after it. */
    record Integrated(int events, long size) {
    }

    /** Makes the next batch of committed events leaves; none if another instance is writing. */
    Integrated integrateNext() {
        return transactions.execute(status -> {
            if (!jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK)) {
                return new Integrated(0, -1);
            }
            Position at = jdbc.queryForObject("select stored_in::text, global_index, size from log_state where id = 1",
                    (rs, n) -> new Position(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            List<Stored> events = jdbc.query("select e.stored_in::text, e.global_index, e.event_identifier, e.leaf_hash"
                            + " from domain_event_entry e"
                            + " where (e.stored_in, e.global_index) > (?::xid8, ?)"
                            + " and e.stored_in < pg_snapshot_xmin(pg_current_snapshot())"
                            + " order by e.stored_in, e.global_index limit ?",
                    (rs, n) -> new Stored(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBytes(4)),
                    at.storedIn(), at.globalIndex(), batch);
            if (events.isEmpty()) {
                return new Integrated(0, at.size());
            }
            append(at.size(), withLeafHashes(events));
            Stored last = events.get(events.size() - 1);
            long size = at.size() + events.size();
            jdbc.update("update log_state set stored_in = ?::xid8, global_index = ?, size = ? where id = 1",
                    last.storedIn(), last.globalIndex(), size);
            return new Integrated(events.size(), size);
        });
    }

    private record Position(String storedIn, long globalIndex, long size) {
    }

    /** A committed event as the writer reads it: its key, and the leaf hash its appender stored (null for a row stored without one). */
    private record Stored(String storedIn, long globalIndex, String eventId, byte[] leafHash) {
    }

    /** {@code events} with the leaf hash of each row stored without one computed from the row (Flyway V8). */
    private List<Stored> withLeafHashes(List<Stored> events) {
        Long[] unhashed = events.stream().filter(e -> e.leafHash() == null).map(Stored::globalIndex).toArray(Long[]::new);
        if (unhashed.length == 0) {
            return events;
        }
        Map<Long, byte[]> hashes = new HashMap<>();
        jdbc.query("select " + StoredEvent.COLUMNS + " from domain_event_entry e where e.global_index = any(?)",
                rs -> {
                    StoredEvent row = StoredEvent.read(rs, 1).orElseThrow();
                    hashes.put(row.globalIndex(), row.leaf().hash());
                }, (Object) unhashed);
        return events.stream().map(e -> e.leafHash() != null ? e
                : new Stored(e.storedIn(), e.globalIndex(), e.eventId(), hashes.get(e.globalIndex()))).toList();
    }

    /** Stores the leaves of {@code events} from leaf {@code first} on, and every subtree they complete that is stored. */
    private void append(long first, List<Stored> events) {
        // the complete subtrees left of the first leaf (one per bit of its index), which the new leaves' subtrees join
        Set<StoredLog.Key> frontier = new HashSet<>();
        for (int level = 0; level < Long.SIZE - 1; level++) {
            if ((first >> level & 1) == 1) {
                frontier.add(new StoredLog.Key(level, (first >> level) - 1));
            }
        }
        Map<StoredLog.Key, byte[]> made = tree.read(frontier);
        Merkle.Nodes nodes = (level, index) -> {
            byte[] hash = made.get(new StoredLog.Key(level, index));
            if (hash == null) {
                throw new IllegalStateException("the log's stored hash of level " + level + ", index " + index
                        + " is missing: its tree cannot grow");
            }
            return hash;
        };
        int n = events.size();
        Long[] leafIndexes = new Long[n];
        Long[] globalIndexes = new Long[n];
        String[] eventIds = new String[n];
        byte[][] hashes = new byte[n][];
        List<Merkle.Node> above = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stored event = events.get(i);
            long index = first + i;
            leafIndexes[i] = index;
            globalIndexes[i] = event.globalIndex();
            eventIds[i] = event.eventId();
            hashes[i] = event.leafHash();
            for (Merkle.Node node : Merkle.appended(nodes, index, hashes[i])) {
                made.put(new StoredLog.Key(node.level(), node.index()), node.hash());
                if (node.level() >= StoredLog.LOWEST_STORED_LEVEL) {
                    above.add(node);
                }
            }
        }
        jdbc.update("insert into log_leaf (leaf_index, global_index, event_identifier, hash)"
                + " select * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::bytea[])",
                leafIndexes, globalIndexes, eventIds, hashes);
        if (!above.isEmpty()) {
            jdbc.update("insert into log_node (level, idx, hash) select * from unnest(?::int[], ?::bigint[], ?::bytea[])",
                    above.stream().map(Merkle.Node::level).toArray(Integer[]::new),
                    above.stream().map(Merkle.Node::index).toArray(Long[]::new),
                    above.stream().map(Merkle.Node::hash).toArray(byte[][]::new));
        }
    }
}
