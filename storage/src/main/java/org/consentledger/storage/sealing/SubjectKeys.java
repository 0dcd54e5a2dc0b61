package org.consentledger.storage.sealing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Finds, creates and forgets subjects' records and their data keys ({@code subject_key}): a subject
 * is found by the keyed hash of its id ({@link MasterKey#lookup}), never by the id itself; its
 * record is a random surrogate, the identifier of its aggregate and events. Keys are kept in memory
 * (bounded) once unwrapped. Statements run on the caller's transaction (Axon's connection provider
 * hands out the connection of the current Spring transaction).
 */
public final class SubjectKeys {

    private static final java.time.Duration EVICTION_MARGIN = java.time.Duration.ofMinutes(1);
    private static final String LOOKUP_KEY_ID = "lookup";
    /** The id the log's signing key is wrapped under (ledger-service's table {@code log_key}). */
    public static final String LOG_KEY_ID = "log";

    private final ConnectionProvider connections;
    private final MasterKey master;
    private final int cached;
    /** Records by subject id, in memory only (the aggregates hold the ids too): no keyed hash for a known subject. */
    private final Cache<String, String> records;
    private final Cache<String, byte[]> keys;
    private Instant lastEviction = Instant.now();
    /** The key of the lookup hash: random, made once, wrapped by the master key (so a rotation keeps every hash). */
    private volatile byte[] lookupKey;

    public SubjectKeys(ConnectionProvider connections, MasterKey master, int cached) {
        this.connections = connections;
        this.master = master;
        this.cached = cached;
        this.records = Caffeine.newBuilder().maximumSize(cached).build();
        this.keys = Caffeine.newBuilder().maximumSize(cached).build();
    }

    /**
     * Refuses to go on with a ledger recorded in clear (before subjects were sealed) or with another
     * master key than the one its keys were wrapped with: said at startup, not at the first event.
     */
    public SubjectKeys verified() {
        Optional<Boolean> sealed = query("select sealed from ledger_storage where id = 1", statement -> {
        }, rs -> rs.getBoolean(1));
        if (sealed.isEmpty()) {
            throw new IllegalStateException("the ledger's tables are not there yet: ledger-service creates them at its first start");
        }
        if (!sealed.get()) {
            throw new IllegalStateException("this database holds a ledger recorded before subjects' data was encrypted"
                    + " (or sealed member by member, by a development build), which this version does not read and"
                    + " will not mix with the records it seals. Keep it for the"
                    + " release that wrote it, and start this version on a new database (the dev stack: move its data"
                    + " directory, ledger-data/ or LEDGER_DATA_DIR, away); docs/operations.md, \"Keys and erasure\", says more.");
        }
        String check = query("select master_key_check from ledger_storage where id = 1", statement -> {
        }, rs -> rs.getString(1)).orElse(null);
        if (check == null) {
            update("update ledger_storage set master_key_check = ? where id = 1 and master_key_check is null",
                    statement -> statement.setString(1, master.check()));
            return verified();
        }
        if (!master.opens(check)) {
            throw new IllegalStateException("the master key given (LEDGER_MASTER_KEY or LEDGER_MASTER_KEY_FILE) is not"
                    + " the one this ledger's keys were made with: start it with that key");
        }
        String wrappedLookup = query("select lookup_key from ledger_storage where id = 1", statement -> {
        }, rs -> rs.getString(1)).orElse(null);
        if (wrappedLookup == null) {
            update("update ledger_storage set lookup_key = ? where id = 1 and lookup_key is null",
                    statement -> statement.setString(1, master.wrap(MasterKey.randomKey(), LOOKUP_KEY_ID)));
            return verified();
        }
        lookupKey = master.unwrap(wrappedLookup, LOOKUP_KEY_ID);
        return this;
    }

    /** The master key every stored secret is wrapped by. */
    public MasterKey master() {
        return master;
    }

    /**
     * A keyed hash of {@code value}, its first 16 bytes in hex: what the ledger keeps of an app's
     * message id to tell a redelivery (an app may put anything in its ids, a subject id too).
     */
    public String keyedHash(String value) {
        return java.util.HexFormat.of().formatHex(lookup(value), 0, 16);
    }

    /** The keyed hash by which a subject's record is found (and its erasure remembered). */
    private byte[] lookup(String subject) {
        if (lookupKey == null) {
            throw new IllegalStateException("the subject keys are used before they were verified");
        }
        return Sealer.hmac(lookupKey, subject.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Rotates the master key: every data key (and the log's signing key, where the ledger has one) is
     * unwrapped with the current master key and wrapped with {@code next}, and the check value replaced, in one transaction (events are never re-encrypted:
     * their keys do not change). Answers the keys under {@code next}. Both services must then run with
     * {@code next}; the old key opens nothing any more.
     */
    public SubjectKeys rotatedTo(MasterKey next) {
        try (Connection connection = connections.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("select record, wrapped_key from subject_key for update");
                 PreparedStatement update = connection.prepareStatement("update subject_key set wrapped_key = ? where record = ?");
                 PreparedStatement check = connection.prepareStatement(
                         "update ledger_storage set master_key_check = ?, lookup_key = ? where id = 1");
                 PreparedStatement logKey = connection.prepareStatement("select wrapped_private_key from log_key for update");
                 PreparedStatement rewrapLogKey = connection.prepareStatement("update log_key set wrapped_private_key = ?")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String record = rs.getString(1);
                        update.setString(1, next.wrap(master.unwrap(rs.getString(2), record), record));
                        update.setString(2, record);
                        update.addBatch();
                    }
                }
                update.executeBatch();
                check.setString(1, next.check());
                check.setString(2, next.wrap(lookupKey, LOOKUP_KEY_ID));
                check.executeUpdate();
                try (ResultSet rs = logKey.executeQuery()) {
                    if (rs.next()) {
                        rewrapLogKey.setString(1, next.wrap(master.unwrap(rs.getString(1), LOG_KEY_ID), LOG_KEY_ID));
                        rewrapLogKey.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SubjectKeysException(e);
        }
        return new SubjectKeys(connections, next, cached).verified();
    }

    /** The record of {@code subject}, if it has one. */
    public Optional<String> recordOf(String subject) {
        String cached = records.getIfPresent(subject);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> record = query("select record from subject_key where lookup = ?",
                statement -> statement.setBytes(1, lookup(subject)), rs -> rs.getString(1));
        record.ifPresent(r -> records.put(subject, r));
        return record;
    }

    /**
     * The record of {@code subject}, started (with a new surrogate and data key) if it has none: one
     * statement for a subject not in memory, whether it is new or not. A record started in a unit of
     * work that rolls back is forgotten from memory too.
     */
    public String recordOrStart(String subject, Instant now) {
        String cached = records.getIfPresent(subject);
        if (cached != null) {
            return cached;
        }
        byte[] lookup = lookup(subject);
        String record = UUID.randomUUID().toString();
        MasterKey.DataKey key = master.newDataKey(record);
        // a subject reported again after an erasure is no longer forgotten; the statement sees the rows
        // committed before it, so a subject another instance is starting right now is read again below
        Optional<Found> found = query("""
                with started as (
                    insert into subject_key (record, lookup, wrapped_key, started_at) values (?, ?, ?, ?)
                    on conflict (lookup) do nothing returning record),
                no_longer_forgotten as (delete from forgotten_subject where lookup = ? and exists (select 1 from started))
                select record, null from started
                union all
                select record, wrapped_key from subject_key where lookup = ?""", statement -> {
            statement.setString(1, record);
            statement.setBytes(2, lookup);
            statement.setString(3, key.wrapped());
            statement.setTimestamp(4, Timestamp.from(now));
            statement.setBytes(5, lookup);
            statement.setBytes(6, lookup);
        }, rs -> new Found(rs.getString(1), rs.getString(2)));
        if (found.isEmpty()) {
            return recordOf(subject).orElseThrow(() -> new IllegalStateException("a subject's record was neither started nor found"));
        }
        if (found.get().wrappedKey() != null) {
            keys.put(found.get().record(), master.unwrap(found.get().wrappedKey(), found.get().record()));
        } else {
            keys.put(record, key.key());
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().root().onRollback(u -> evict(record, subject));
            }
        }
        records.put(subject, found.get().record());
        return found.get().record();
    }

    private record Found(String record, String wrappedKey) {
    }

    /** The data key of {@code record}; none once it is forgotten. */
    public Optional<byte[]> keyOf(String record) {
        byte[] cached = keys.getIfPresent(record);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<byte[]> key = query("select wrapped_key from subject_key where record = ?",
                statement -> statement.setString(1, record), rs -> master.unwrap(rs.getString(1), record));
        key.ifPresent(k -> keys.put(record, k));
        return key;
    }

    /** Whether {@code subject} was forgotten and has no new record since. */
    public boolean forgotten(String subject) {
        return query("select 1 from forgotten_subject where lookup = ?",
                statement -> statement.setBytes(1, lookup(subject)), rs -> true).isPresent();
    }

    /**
     * Deletes the key of {@code subject}'s record and its lookup row, and remembers by the keyed hash
     * alone that the subject was forgotten. Answers the record forgotten, if there was one.
     */
    public Optional<String> forget(String subject, Instant now) {
        byte[] lookup = lookup(subject);
        Optional<String> record = recordOf(subject);
        update("delete from subject_key where lookup = ?", statement -> statement.setBytes(1, lookup));
        update("insert into forgotten_subject (lookup, forgotten_at) values (?, ?) on conflict do nothing", statement -> {
            statement.setBytes(1, lookup);
            statement.setTimestamp(2, Timestamp.from(now));
        });
        record.ifPresent(r -> {
            update("insert into forgotten_record (record, forgotten_at) values (?, ?) on conflict do nothing", statement -> {
                statement.setString(1, r);
                statement.setTimestamp(2, Timestamp.from(now));
            });
            evict(r, subject);
            if (CurrentUnitOfWork.isStarted()) {
                // a read by another transaction before this one committed may have put them back
                CurrentUnitOfWork.get().root().afterCommit(u -> evict(r, subject));
            }
        });
        return record;
    }

    /**
     * Drops from memory the records forgotten (here or on another instance) since the last call, with
     * a margin for transactions that committed late; answers them. Run every few seconds on every instance.
     */
    public synchronized List<String> evictForgotten(Instant now) {
        Instant since = lastEviction.minus(EVICTION_MARGIN);
        List<String> forgotten = withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select record from forgotten_record where forgotten_at >= ?")) {
                statement.setTimestamp(1, Timestamp.from(since));
                List<String> found = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
                return found;
            }
        });
        forgotten.forEach(this::evict);
        lastEviction = now;
        return forgotten;
    }

    /** Drops a forgotten record's key from memory. */
    public void evict(String record) {
        keys.invalidate(record);
        records.asMap().values().removeIf(record::equals);
    }

    private void evict(String record, String subject) {
        keys.invalidate(record);
        records.invalidate(subject);
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> Optional<T> query(String sql, Binder binder, Reader<T> reader) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
                }
            }
        });
    }

    private void update(String sql, Binder binder) {
        withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private <T> T withConnection(Work<T> work) {
        try {
            Connection connection = connections.getConnection();
            try {
                return work.on(connection);
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new SubjectKeysException(e);
        }
    }

    /** A statement on the key tables failed (the database, not the key): the caller's retry applies. */
    public static final class SubjectKeysException extends RuntimeException {
        SubjectKeysException(SQLException cause) {
            super("the subject key tables cannot be read or written (" + cause.getSQLState() + ")", cause);
        }
    }
}
