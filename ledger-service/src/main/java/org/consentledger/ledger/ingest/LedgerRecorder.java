package org.consentledger.ledger.ingest;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

    LedgerRecorder(JdbcTemplate jdbc, CommandGateway commands, IngestMetrics metrics) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.metrics = metrics;
    }

    @Transactional
    public List<Outcome> record(List<AcceptedEvent> events) {
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
}
