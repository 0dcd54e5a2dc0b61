package org.consentledger.storage.log;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tamper-evident log as stored by ledger-service (Flyway V7 of its tables): leaf hashes
 * ({@code log_leaf}), the hashes of complete subtrees of {@link #LOWEST_STORED_LEVEL} and above
 * ({@code log_node}), the signed
 * checkpoints and the log's public key. A root or proof reads the few hashes it needs in one
 * statement, never the whole log; a leaf is recomputed from its stored row whenever it is read.
 */
public class StoredLog {

    private final JdbcTemplate jdbc;

    public StoredLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A signed checkpoint as kept: the tree size and the signed note. */
    public record Signed(long size, String note) {

        public byte[] root() {
            return Checkpoint.parse(note.substring(0, note.indexOf("\n\n") + 1)).root();
        }
    }

    /** The latest checkpoint signed, if any. */
    public Optional<Signed> latest() {
        return jdbc.query("select tree_size, note from log_checkpoint order by tree_size desc limit 1",
                rs -> rs.next() ? Optional.of(new Signed(rs.getLong(1), rs.getString(2))) : Optional.empty());
    }

    /** The log's verifier key (C2SP: name+hex key id+base64 key), once the log has made its key. */
    public Optional<SignedNote.Verifier> verifier() {
        return jdbc.query("select name, public_key from log_key where id = 1",
                rs -> rs.next() ? Optional.of(new SignedNote.Verifier(rs.getString(1), rs.getBytes(2))) : Optional.empty());
    }

    /** The number of leaves. */
    public long size() {
        return jdbc.queryForObject("select size from log_state where id = 1", Long.class);
    }

    public byte[] root(long size) {
        return withNodes(nodes -> Merkle.root(nodes, size));
    }

    public List<byte[]> inclusionProof(long index, long size) {
        return withNodes(nodes -> Merkle.inclusionProof(nodes, index, size));
    }

    /** The inclusion proofs of several leaves in one tree: the hashes they need read in one statement. */
    public Map<Long, List<byte[]>> inclusionProofs(Collection<Long> indexes, long size) {
        return withNodes(nodes -> {
            Map<Long, List<byte[]>> proofs = new LinkedHashMap<>();
            indexes.forEach(index -> proofs.put(index, Merkle.inclusionProof(nodes, index, size)));
            return proofs;
        });
    }

    public List<byte[]> consistencyProof(long first, long second) {
        return withNodes(nodes -> Merkle.consistencyProof(nodes, first, second));
    }

    public byte[] leafHash(long index) {
        return withNodes(nodes -> nodes.hash(0, index));
    }

    /** The leaf of the stored event {@code eventId}. */
    public Optional<Long> leafOf(String eventId) {
        return jdbc.query("select leaf_index from log_leaf where event_identifier = ?",
                rs -> rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty(), eventId);
    }

    /** A leaf, and the stored row it was made from if that is still there. */
    public record StoredLeaf(long index, String eventId, byte[] hash, Optional<StoredEvent> row) {
    }

    /** Leaves {@code start} to {@code end} (exclusive) with their rows as stored now. */
    public List<StoredLeaf> leaves(long start, long end) {
        return leavesWhere("l.leaf_index >= ? and l.leaf_index < ?", start, end);
    }

    /** The leaves of {@code indexes} with their rows as stored now, in the order of their indexes. */
    public List<StoredLeaf> leaves(Collection<Long> indexes) {
        return leavesWhere("l.leaf_index = any(?)", (Object) indexes.toArray(Long[]::new));
    }

    private List<StoredLeaf> leavesWhere(String condition, Object... args) {
        return jdbc.query("select l.leaf_index, l.event_identifier, l.hash, " + StoredEvent.COLUMNS
                        + " from log_leaf l left join domain_event_entry e on e.global_index = l.global_index"
                        + " where " + condition + " order by l.leaf_index",
                (rs, n) -> new StoredLeaf(rs.getLong(1), rs.getString(2), rs.getBytes(3), StoredEvent.read(rs, 4)), args);
    }

    /**
     * Runs {@code computation} twice: once to learn which stored hashes it reads (which hashes a
     * proof needs depends on indexes, never on hash values), then on those hashes read in one statement.
     */
    private <T> T withNodes(Function<Merkle.Nodes, T> computation) {
        Set<Key> wanted = new LinkedHashSet<>();
        computation.apply((level, index) -> {
            wanted.add(new Key(level, index));
            return new byte[32];
        });
        Map<Key, byte[]> read = read(wanted);
        return computation.apply((level, index) -> {
            byte[] hash = read.get(new Key(level, index));
            if (hash == null) {
                throw new IllegalStateException("the log's stored hash of level " + level + ", index " + index + " is missing");
            }
            return hash;
        });
    }

    public record Key(int level, long index) {
    }

    /**
     * The lowest level of subtree whose hash is stored: below it a subtree's hash is computed from its
     * at most 8 leaf hashes when read, so the log stores about one subtree per 8 leaves instead of
     * one per leaf, and a proof reads at most 15 leaf hashes more, in the same statement: a
     * data-access report proves each of hundreds of consent events at once (ledger Flyway V10).
     */
    public static final int LOWEST_STORED_LEVEL = 4;

    /** Hashes by level and index: leaves from {@code log_leaf}, subtrees from {@code log_node} or from their leaves. */
    public Map<Key, byte[]> read(Set<Key> keys) {
        Map<Key, byte[]> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Set<Long> leaves = new LinkedHashSet<>();
        List<Key> computed = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (Key key : keys) {
            if (key.level() < LOWEST_STORED_LEVEL) {
                for (long leaf = key.index() << key.level(); leaf < (key.index() + 1) << key.level(); leaf++) {
                    leaves.add(leaf);
                }
                computed.add(key);
            } else {
                levels.add(key.level());
                indexes.add(key.index());
            }
        }
        jdbc.query("select 0, leaf_index, hash from log_leaf where leaf_index = any(?)"
                        + " union all select n.level, n.idx, n.hash from log_node n"
                        + " join unnest(?::int[], ?::bigint[]) k(level, idx) on n.level = k.level and n.idx = k.idx",
                rs -> {
                    found.put(new Key(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                }, leaves.toArray(Long[]::new), levels.toArray(Integer[]::new), indexes.toArray(Long[]::new));
        for (Key key : computed) {
            byte[] hash = subtree(found, key.level(), key.index());
            if (hash != null) {
                found.put(key, hash);
            }
        }
        return found;
    }

    /** The hash of a complete subtree from its leaves in {@code found}; null if one is missing. */
    private static byte[] subtree(Map<Key, byte[]> found, int level, long index) {
        if (level == 0) {
            return found.get(new Key(0, index));
        }
        byte[] left = subtree(found, level - 1, 2 * index);
        byte[] right = left == null ? null : subtree(found, level - 1, 2 * index + 1);
        return right == null ? null : Merkle.nodeHash(left, right);
    }
}
