package org.consentledger.ledger.ingest.recording;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.consentledger.contracts.ingest.SubjectCommand;
import org.consentledger.storage.sealing.SubjectKeys;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.ledger.ingest.parsing.AcceptedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Records accepted events, a batch in one unit of work with one database transaction: the (source,
 * id) pairs are claimed in {@code ingested_message} (one statement for the batch; the id by its keyed
 * hash, as an app may put anything in it), and each new one
 * is dispatched to its subject's record (found, or started, by {@link SubjectKeys} in the batch's
 * transaction). Each command's unit of work is nested in the batch's, so
 * Axon stages every event of the batch until the batch commits and then appends them with one
 * statement; meanwhile a subject handled again in the batch is the same aggregate instance, and its
 * history read from the store includes the staged events. Either the whole batch commits or nothing
 * does (the cached subjects it touched are evicted), so a redelivered batch is recorded exactly once.
 */
@Service
public class LedgerRecorder {

    public enum Outcome { RECORDED, DUPLICATE }

    private final JdbcTemplate jdbc;
    private final CommandGateway commands;
    private final IngestMetrics metrics;
    private final TransactionManager transactions;
    private final SubjectKeys keys;

    LedgerRecorder(JdbcTemplate jdbc, CommandGateway commands, IngestMetrics metrics, TransactionManager transactions,
                   SubjectKeys keys) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.commands = commands;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    public List<Outcome> record(List<AcceptedEvent> events) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactions);
        ResultMessage<List<Outcome>> result = batch.executeWithResult(() -> recordIn(events));
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
        }
        metrics.committed(result.getPayload());
        return result.getPayload();
    }

    private List<Outcome> recordIn(List<AcceptedEvent> events) {
        String[] claims = events.stream().map(e -> keys.keyedHash(e.origin().messageId())).toArray(String[]::new);
        Set<List<String>> claimed = claim(events, claims);
        Outcome[] outcomes = new Outcome[events.size()];
        for (int i : inTimeOrder(events)) {
            AcceptedEvent event = events.get(i);
            boolean first = claimed.remove(List.of(event.origin().app(), claims[i]));
            if (first) {
                SubjectCommand command = event.toCommand();
                String record = keys.recordOrStart(command.subject(), event.origin().recordedAt());
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of(SubjectCommand.RECORD, record)));
            }
            outcomes[i] = first ? Outcome.RECORDED : Outcome.DUPLICATE;
        }
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

    /**
     * Claims every (source, id) pair of the poll in one statement, the id by its keyed hash
     * ({@code claims}); answers the pairs that were new.
     */
    private Set<List<String>> claim(List<AcceptedEvent> events, String[] ids) {
        if (events.isEmpty()) {
            return new HashSet<>();
        }
        String[] sources = events.stream().map(e -> e.origin().app()).toArray(String[]::new);
        Timestamp recordedAt = Timestamp.from(events.get(0).origin().recordedAt());
        Set<List<String>> claimed = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    insert into ingested_message (source, message_id, recorded_at)
                    select source, decode(message_id, 'hex'), ? from unnest(?::text[], ?::text[]) as m(source, message_id)
                    on conflict do nothing returning source, encode(message_id, 'hex')""");
            insert.setTimestamp(1, recordedAt);
            insert.setArray(2, connection.createArrayOf("text", sources));
            insert.setArray(3, connection.createArrayOf("text", ids));
            return insert;
        }, rs -> {
            claimed.add(List.of(rs.getString(1), rs.getString(2)));
        });
        return claimed;
    }
}
