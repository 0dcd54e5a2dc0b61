package org.consentledger.ledger.ingest;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records accepted events: in one database transaction per batch, each (source, id) pair is
 * claimed in {@code ingested_message} and, if it was new, dispatched to its subject's aggregate,
 * whose events Axon appends in the same transaction. Either the whole batch commits or nothing
 * does, so a redelivered batch is recorded exactly once.
 */
@Service
public class LedgerRecorder {

    public enum Outcome { RECORDED, DUPLICATE }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final IngestMetrics metrics;
    private final Cache subjects;

    LedgerRecorder(JdbcTemplate jdbc, CommandGateway commands, IngestMetrics metrics,
                   @Qualifier("subjectCache") Cache subjects) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.metrics = metrics;
        this.subjects = subjects;
    }

    @Transactional
    public List<Outcome> record(List<AcceptedEvent> events) {
        forgetCachedSubjectsOnRollback();
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (AcceptedEvent event : events) {
            boolean first = jdbc.update("""
                    insert into ingested_message (source, message_id, recorded_at) values (?, ?, ?)
                    on conflict do nothing""",
                    event.origin().app(), event.origin().messageId(),
                    Timestamp.from(event.origin().recordedAt())) == 1;
            if (first) {
                commands.sendAndWait(event.toCommand());
            }
            outcomes.add(first ? Outcome.RECORDED : Outcome.DUPLICATE);
        }
        metrics.afterCommit(outcomes);
        return outcomes;
    }

    /**
     * Axon updates its aggregate cache when each command's unit of work commits, inside this
     * transaction; if the transaction then rolls back, the cache would remember events the store never
     * got. Rare (an outage, a race at a rebalance), so clearing the whole cache is enough.
     */
    private void forgetCachedSubjectsOnRollback() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    subjects.removeAll();
                }
            }
        });
    }
}
