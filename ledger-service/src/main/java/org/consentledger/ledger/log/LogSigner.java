package org.consentledger.ledger.log;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.consentledger.storage.log.StoredLog;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SubjectKeys;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the log's checkpoints (C2SP tlog-checkpoint in a signed note, Ed25519), never one that the
 * tree stored now does not prove consistent with the last one signed; keeps every one and publishes
 * each, in order, on Kafka topic {@value #TOPIC}. The key is made at the first start, stored wrapped
 * by the master key, and named by the log's origin.
 */
@Component
public class LogSigner {

    /** Where every checkpoint is published, in signing order. */
    public static final String TOPIC = "ledger.checkpoints";
    private static final long LOCK = 0x6c6f67_7369676eL;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final StoredLog tree;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final Clock clock;
    private final String origin;
    private final SignedNote.Signer signer;

    LogSigner(JdbcTemplate jdbc, TransactionTemplate transactions, StoredLog tree, KafkaTemplate<byte[], byte[]> kafka,
              Clock clock, SubjectKeys keys, LogProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.tree = tree;
        this.kafka = kafka;
        this.clock = clock;
        this.origin = properties.origin();
        this.signer = key(keys.master(), properties.origin());
    }

    /** The log's key, made and stored at the first start; a ledger whose log has another name is refused. */
    private SignedNote.Signer key(MasterKey master, String name) {
        SignedNote.Signer made = SignedNote.Signer.generate(name);
        jdbc.update("insert into log_key (id, name, public_key, wrapped_private_key) values (1, ?, ?, ?) on conflict do nothing",
                name, made.publicKey(), master.wrap(made.privateKey(), SubjectKeys.LOG_KEY_ID));
        return jdbc.queryForObject("select name, public_key, wrapped_private_key from log_key where id = 1", (rs, n) -> {
            if (!rs.getString(1).equals(name)) {
                throw new IllegalStateException("this ledger's log is named " + rs.getString(1) + ", not " + name
                        + ": set LEDGER_LOG_ORIGIN to its name (a log keeps its name for life, verifiers know it by it)");
            }
            return new SignedNote.Signer(name, master.unwrap(rs.getString(3), SubjectKeys.LOG_KEY_ID), rs.getBytes(2));
        });
    }

    /** The verifier key, as C2SP writes it. */
    String verifierKey() {
        return signer.verifier().toString();
    }

    /** The latest checkpoint signed, if any. */
    Optional<StoredLog.Signed> latest() {
        return tree.latest();
    }

    /**
     * Signs the tree as stored now if it grew since the last checkpoint (the empty tree first of all),
     * after proving it consistent with that checkpoint from the stored hashes.
     *
     * @throws InconsistentTreeException if the stored tree does not extend the last checkpoint: nothing is signed
     */
    Optional<StoredLog.Signed> signIfGrown() {
        return transactions.execute(status -> {
            if (!jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK)) {
                return Optional.<StoredLog.Signed>empty();
            }
            long size = tree.size();
            Optional<StoredLog.Signed> last = latest();
            byte[] root = tree.root(size);
            if (last.isPresent()) {
                StoredLog.Signed before = last.get();
                boolean extended = before.size() == size ? Arrays.equals(before.root(), root)
                        : before.size() < size && Merkle.verifyConsistency(before.size(), size, before.root(), root,
                                tree.consistencyProof(before.size(), size));
                if (!extended) {
                    throw new InconsistentTreeException("the stored tree of " + size + " leaves does not extend the"
                            + " checkpoint signed at " + before.size() + ": a stored hash was changed or removed");
                }
                if (before.size() == size) {
                    return Optional.<StoredLog.Signed>empty();
                }
            }
            String note = signer.sign(new Checkpoint(origin, size, root).text());
            jdbc.update("insert into log_checkpoint (tree_size, note, signed_at) values (?, ?, ?)",
                    size, note, Timestamp.from(clock.instant()));
            return Optional.of(new StoredLog.Signed(size, note));
        });
    }

    /** Publishes the checkpoints not yet on Kafka, oldest first; answers how many. Stops at the first that fails. */
    int publish() throws InterruptedException, ExecutionException, TimeoutException {
        List<StoredLog.Signed> unpublished = jdbc.query(
                "select tree_size, note from log_checkpoint where not published order by tree_size limit 100",
                (rs, n) -> new StoredLog.Signed(rs.getLong(1), rs.getString(2)));
        for (StoredLog.Signed checkpoint : unpublished) {
            kafka.send(new ProducerRecord<>(TOPIC, origin.getBytes(StandardCharsets.UTF_8),
                    checkpoint.note().getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
            jdbc.update("update log_checkpoint set published = true where tree_size = ?", checkpoint.size());
        }
        return unpublished.size();
    }

    /** The stored tree does not extend a checkpoint the log signed. */
    static final class InconsistentTreeException extends IllegalStateException {
        InconsistentTreeException(String message) {
            super(message);
        }
    }
}
