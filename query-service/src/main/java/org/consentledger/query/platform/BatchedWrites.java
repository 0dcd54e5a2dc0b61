package org.consentledger.query.platform;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One projection's writes, sent when the processor's batch of events commits instead of one round
 * trip per statement: in the order they were made, each run of the same statement as one JDBC batch
 * (with {@code reWriteBatchedInserts}, one multi-row insert). Each projection has its own instance,
 * so its statements keep their order; different projections write different tables. Outside a
 * processor's batch (a reset) a statement runs at once. A statement the database refuses fails the
 * whole batch, which the processor then retries; handlers themselves do not read what they wrote.
 */
public final class BatchedWrites {

    private record Statement(String sql, Object[] args) {
    }

    private final JdbcTemplate jdbc;
    /** This instance's pending statements, under this key in the batch's unit of work. */
    private final String resourceKey = BatchedWrites.class.getName() + "@" + System.identityHashCode(this);

    public BatchedWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void update(String sql, Object... args) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, args);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Statement> pending = batch.getOrComputeResource(resourceKey, key -> {
            List<Statement> statements = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> flush(statements));
            return statements;
        });
        pending.add(new Statement(sql, args));
    }

    private void flush(List<Statement> statements) {
        int i = 0;
        while (i < statements.size()) {
            String sql = statements.get(i).sql();
            List<Object[]> run = new ArrayList<>();
            while (i < statements.size() && statements.get(i).sql().equals(sql)) {
                run.add(statements.get(i++).args());
            }
            jdbc.batchUpdate(sql, run);
        }
    }
}
