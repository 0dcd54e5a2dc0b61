package org.consentledger.ledger.log;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.consentledger.storage.log.StoredLog;
import org.consentledger.transparency.Merkle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Whether the stored rows still match the log: leaf by leaf, round and round the log (a bounded
 * number per call), every leaf is recomputed from its stored row and compared with the hash the log
 * holds. A leaf that does not match is checked again at every call until it matches again; while any
 * does not, or the stored tree does not extend the last checkpoint, the log signs nothing.
 */
@Component
class LogIntegrity {

    private static final Logger log = LoggerFactory.getLogger(LogIntegrity.class);
    /** Leaves that do not match, kept (and said) at most this many. */
    private static final int KEPT = 100;

    private final StoredLog tree;
    /** Leaves that do not match their row, by index, with what is wrong. */
    private final TreeMap<Long, String> mismatches = new TreeMap<>();
    private long cursor;
    private long checkedRounds;
    private volatile String inconsistency;
    private volatile String summary;

    LogIntegrity(StoredLog tree) {
        this.tree = tree;
    }

    /** Whether the log may sign: every leaf checked matches, and the stored tree extends its checkpoints. */
    boolean sound() {
        return rowsMatch() && inconsistency == null;
    }

    /** Whether every leaf checked matches its stored row. */
    boolean rowsMatch() {
        return summary == null;
    }

    /** What is wrong, if anything: for health and the log. */
    Optional<String> problem() {
        return Optional.ofNullable(inconsistency != null ? inconsistency : summary);
    }

    long checkedRounds() {
        return checkedRounds;
    }

    void inconsistent(String why) {
        if (inconsistency == null) {
            log.error("the log stops signing: {}", why);
        }
        inconsistency = why;
    }

    void consistent() {
        if (inconsistency != null) {
            log.warn("the stored tree extends the last checkpoint again: the log signs again");
        }
        inconsistency = null;
    }

    /** Checks the leaves that did not match, then up to {@code budget} more from where the last call stopped. */
    synchronized void checkNext(int budget, long size) {
        for (Long index : List.copyOf(mismatches.keySet())) {
            check(index, index + 1);
        }
        if (size == 0) {
            return;
        }
        if (cursor >= size) {
            cursor = 0;
            checkedRounds++;
        }
        long end = Math.min(size, cursor + budget);
        check(cursor, end);
        cursor = end;
        String before = summary;
        summary = mismatches.isEmpty() ? null : mismatches.size() + (mismatches.size() == 1 ? " leaf does" : " leaves do")
                + " not match the stored event rows, first " + mismatches.firstEntry().getValue();
        if (summary != null && !summary.equals(before)) {
            log.error("the log stops signing: {}", summary);
        } else if (summary == null && before != null) {
            log.warn("every leaf that did not match its stored row matches again: the log signs again");
        }
    }

    private void check(long start, long end) {
        for (StoredLog.StoredLeaf leaf : tree.leaves(start, end)) {
            Optional<String> wrong = wrong(leaf);
            if (wrong.isPresent()) {
                if (mismatches.size() < KEPT || mismatches.containsKey(leaf.index())) {
                    mismatches.put(leaf.index(), wrong.get());
                }
            } else {
                mismatches.remove(leaf.index());
            }
        }
    }

    /** What is wrong with a leaf's row, if anything. */
    static Optional<String> wrong(StoredLog.StoredLeaf leaf) {
        String which = "leaf " + leaf.index() + " (event " + leaf.eventId() + ")";
        if (leaf.row().isEmpty()) {
            return Optional.of(which + ": its stored event row is gone");
        }
        Optional<byte[]> bytes = leaf.row().get().leafBytes();
        if (bytes.isEmpty()) {
            return Optional.of(which + ": its stored payload is no longer JSON");
        }
        if (!Arrays.equals(Merkle.leafHash(bytes.get()), leaf.hash())) {
            return Optional.of(which + ": its stored event row was changed");
        }
        return Optional.empty();
    }
}
