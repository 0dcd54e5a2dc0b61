package org.consentledger.ledger.ingest.recording;

import org.consentledger.ledger.ingest.parsing.AcceptedEvent;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.consentledger.ledger.platform.GlobalIndexes;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records accepted events: in one database transaction per batch, the (source, id) pairs are
 * claimed in {@code ingested_message} (one statement for the batch), a global index reserved for
 * each new one (one statement), and each new one dispatched to its subject's aggregate, whose
 * events Axon appends in the same transaction. Either the whole batch commits or nothing does, so a
 * redelivered batch is recorded exactly once.
 */
@Service
public class LedgerRecorder {

    public enum Outcome { RECORDED, DUPLICATE }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final IngestMetrics metrics;
    private final Cache subjects;
    private final GlobalIndexes globalIndexes;

    LedgerRecorder(JdbcTemplate jdbc, CommandGateway commands, IngestMetrics metrics,
                   @Qualifier("subjectCache") Cache subjects, GlobalIndexes globalIndexes) {
        this.jdbc = jdbc;
        this.commands = commands;
        this.metrics = metrics;
        this.subjects = subjects;
        this.globalIndexes = globalIndexes;
    }

    @Transactional
    public List<Outcome> record(List<AcceptedEvent> events) {
        forgetCachedSubjectsOnRollback();
        Set<List<String>> claimed = claim(events);
        globalIndexes.reserve(claimed.size());
        Outcome[] outcomes = new Outcome[events.size()];
        for (int i : inTimeOrder(events)) {
            AcceptedEvent event = events.get(i);
            boolean first = claimed.remove(List.of(event.origin().app(), event.origin().messageId()));
            if (first) {
                commands.sendAndWait(event.toCommand());
            }
            outcomes[i] = first ? Outcome.RECORDED : Outcome.DUPLICATE;
        }
        metrics.afterCommit(List.of(outcomes));
        return List.of(outcomes);
    }

    /**
     * The events' positions by the time each happened (stable: reports of one moment keep their
     * order). A batch comes in the order its records were sent ({@link ArrivalOrder}), which is not
     * always the order their reports happened; judged in that order, fewer are late for their
     * subject, and a late report is costly (it is judged again from a checkpoint or the history).
     */
    private static List<Integer> inTimeOrder(List<AcceptedEvent> events) {
        List<Integer> order = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(i -> events.get(i).origin().time()));
        return order;
    }

    /** Claims every (source, id) pair of the poll in one statement; answers the pairs that were new. */
    private Set<List<String>> claim(List<AcceptedEvent> events) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        String[] sources = events.stream().map(e -> e.origin().app()).toArray(String[]::new);
        String[] ids = events.stream().map(e -> e.origin().messageId()).toArray(String[]::new);
        Timestamp recordedAt = Timestamp.from(events.get(0).origin().recordedAt());
        Set<List<String>> claimed = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    insert into ingested_message (source, message_id, recorded_at)
                    select source, message_id, ? from unnest(?::text[], ?::text[]) as m(source, message_id)
                    on conflict do nothing returning source, message_id""");
            insert.setTimestamp(1, recordedAt);
            insert.setArray(2, connection.createArrayOf("text", sources));
            insert.setArray(3, connection.createArrayOf("text", ids));
            return insert;
        }, rs -> {
            claimed.add(List.of(rs.getString(1), rs.getString(2)));
        });
        return claimed;
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
