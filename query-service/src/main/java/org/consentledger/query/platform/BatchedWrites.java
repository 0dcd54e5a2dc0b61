package org.consentledger.query.platform;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.storage.DatabaseFailures;
import org.consentledger.query.web.SqlArrays;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One projection's writes, sent when the processor's batch of events commits instead of one round
 * trip per statement, in the order they were made. A run of the same {@link #update} or
 * {@link #upsert} is one JDBC batch; a run of the same {@link #insert} is one statement whatever its
 * number of rows. Each projection has its own instance, so its statements keep their order;
 * different projections write different tables. Outside a processor's batch (a reset) a statement
 * runs at once. A statement the database refuses fails the whole batch, which the processor then
 * retries, trying the refused statement's events alone first ({@link ViewBatches}); handlers
 * themselves do not read what they wrote.
 */
public final class BatchedWrites {

    /** {@code keyLength}: how many of the first arguments name the row it writes, if it may write one twice. */
    private record Statement(String sql, boolean columns, int keyLength, Object[] args, String eventId) {

        List<Object> key() {
            return Arrays.asList(args).subList(0, keyLength);
        }
    }

    private final JdbcTemplate jdbc;
    private final ViewBatches batches;
    /** This instance's pending statements, under this key in the batch's unit of work. */
    private final String resourceKey = BatchedWrites.class.getName() + "@" + System.identityHashCode(this);

    BatchedWrites(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /** A statement with one parameter per value. */
    public void update(String sql, Object... args) {
        add(sql, false, 0, args);
    }

    /**
     * An {@code insert ... on conflict do update} whose first {@code keyLength} arguments are the key
     * of the row it writes. A run of it is split before a key it already holds: with
     * {@code reWriteBatchedInserts} a run is one multi-row insert, and one statement may not update a
     * row twice (an entry flagged and re-flagged, a consent granted twice, in one batch of events).
     */
    public void upsert(String sql, int keyLength, Object... args) {
        add(sql, false, keyLength, args);
    }

    /**
     * The statement for {@link #insert}: {@code insert into table (columns) select ... from
     * unnest(?::text[], ...) on conflict do nothing}. A column is named as {@code name} for text, or
     * {@code name::type} to cast it (e.g. {@code since::timestamptz}, {@code purposes::text[]}).
     */
    public static String insertInto(String table, String... columns) {
        return insertFrom(table, rows(names(columns).toArray(String[]::new)), columns);
    }

    /** As {@link #insertInto(String, String...)}, from {@code source}, a relation with those columns. */
    public static String insertFrom(String table, String source, String... columns) {
        return "insert into " + table + " (" + String.join(", ", names(columns)) + ") select " + String.join(", ", columns)
                + " from " + source + " on conflict do nothing";
    }

    /** The rows an {@link #insert} binds, as a relation {@code r} of text columns named {@code names}. */
    public static String rows(String... names) {
        return "unnest(" + String.join(", ", Collections.nCopies(names.length, "?::text[]")) + ") as r ("
                + String.join(", ", names) + ")";
    }

    private static List<String> names(String[] columns) {
        return Arrays.stream(columns).map(c -> c.split("::")[0]).toList();
    }

    /**
     * One row of an {@link #insertInto} statement, which takes each column as a text array over all
     * the rows: the database parses and plans one short statement per run instead of a multi-row
     * {@code values} list with a parameter per value, parsed and planned again for every run. Values
     * are bound as text: an {@link Instant} in ISO-8601, a collection as a {@code text[]} literal.
     */
    public void insert(String sql, Object... row) {
        add(sql, true, 0, row);
    }

    private void add(String sql, boolean columns, int keyLength, Object[] args) {
        if (!CurrentUnitOfWork.isStarted()) {
            execute(new Statement(sql, columns, keyLength, args, null), Collections.singletonList(args));
            return;
        }
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        UnitOfWork<?> batch = current.root();
        ViewBatches.Batch state = batches.batch(batch);
        Statement statement = new Statement(sql, columns, keyLength, args,
                current.getMessage() == null ? null : current.getMessage().getIdentifier());
        if (batches.isSuspect(statement.eventId())) {
            tryAlone(statement, state);
        }
        List<Statement> pending = batch.getOrComputeResource(resourceKey, key -> {
            List<Statement> statements = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> flush(statements, state));
            return statements;
        });
        pending.add(statement);
    }

    /**
     * Runs a suspect event's statement in a savepoint and rolls it back: if the database refuses it for
     * its content, the event's handler fails (Axon parks the event) and its writes are left out of the
     * batch; if the database fails otherwise, the batch fails at commit and is retried.
     */
    private void tryAlone(Statement statement, ViewBatches.Batch state) {
        state.tried.add(statement.eventId());
        try {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    execute(statement, Collections.singletonList(statement.args()));
                } finally {
                    connection.rollback(savepoint);
                }
                return null;
            });
        } catch (DataAccessException e) {
            SQLException sql = DatabaseFailures.sqlError(e);
            if (sql == null || !DatabaseFailures.isContent(sql)) {
                state.unavailable = e;
                return;
            }
            state.poisoned.add(statement.eventId());
            throw new UnstorableEventException(statement.sql(), e);
        }
    }

    private void flush(List<Statement> statements, ViewBatches.Batch state) {
        if (state.unavailable != null) {
            throw state.unavailable;
        }
        List<Statement> kept = state.poisoned.isEmpty() ? statements
                : statements.stream().filter(s -> !state.poisoned.contains(s.eventId())).toList();
        int i = 0;
        while (i < kept.size()) {
            Statement first = kept.get(i);
            List<Statement> run = new ArrayList<>();
            Set<List<Object>> keys = new HashSet<>();
            while (i < kept.size() && kept.get(i).sql().equals(first.sql())
                    && (first.keyLength() == 0 || keys.add(kept.get(i).key()))) {
                run.add(kept.get(i++));
            }
            try {
                execute(first, run.stream().map(Statement::args).toList());
            } catch (RuntimeException e) {
                batches.refused(run.stream().map(Statement::eventId).toList(), e);
                throw e;
            }
        }
    }

    private void execute(Statement statement, List<Object[]> rows) {
        if (!statement.columns()) {
            jdbc.batchUpdate(statement.sql(), rows);
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(statement.sql());
            for (int c = 0; c < statement.args().length; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = text(rows.get(r)[c]);
                }
                insert.setArray(c + 1, connection.createArrayOf("text", column));
            }
            return insert;
        });
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Collection<?> values ? SqlArrays.literal(values) : value.toString();
    }
}
