package org.consentledger.ledger.ingest.recording;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.contracts.access.Access;
import org.consentledger.contracts.access.RecordAccessCommand;
import org.consentledger.contracts.ingest.SubjectCommand;
import org.consentledger.ledger.ingest.parsing.AcceptedEvent;
import org.consentledger.storage.sealing.SubjectKeys;
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

    /** The source of accesses' claims: no app's id (those start with a letter or digit). */
    private static final String ACCESSES = "~accesses";

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
        List<Outcome> outcomes = inOneTransaction(() -> recordIn(events));
        metrics.committed(outcomes);
        return outcomes;
    }

    /**
     * Records accesses to subjects' data as the read side handed them over, a batch in one
     * transaction like reports; each once (claimed by its id), and only in a record that exists: an
     * access to a forgotten subject, or to one the ledger never heard of, starts none.
     */
    public void recordAccesses(List<Access> accesses, Instant recordedAt) {
        inOneTransaction(() -> {
            String[] ids = accesses.stream().map(a -> keys.keyedHash(a.accessId())).toArray(String[]::new);
            String[] sources = new String[ids.length];
            Arrays.fill(sources, ACCESSES);
            Set<List<String>> claimed = claim(sources, ids, recordedAt);
            for (int i = 0; i < accesses.size(); i++) {
                Access access = accesses.get(i);
                if (claimed.remove(List.of(ACCESSES, ids[i]))) {
                    keys.recordOf(access.subject()).ifPresent(record -> commands.sendAndWait(GenericCommandMessage
                            .asCommandMessage(new RecordAccessCommand(access)).andMetaData(Map.of(SubjectCommand.RECORD, record))));
                }
            }
            return null;
        });
    }

    private <T> T inOneTransaction(Supplier<T> work) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactions);
        ResultMessage<T> result = batch.executeWithResult(work::get);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
        }
        return result.getPayload();
    }

    private List<Outcome> recordIn(List<AcceptedEvent> events) {
        String[] claims = events.stream().map(e -> keys.keyedHash(e.origin().messageId())).toArray(String[]::new);
        Set<List<String>> claimed = events.isEmpty() ? new HashSet<>() : claim(
                events.stream().map(e -> e.origin().app()).toArray(String[]::new), claims, events.get(0).origin().recordedAt());
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
     * ({@code ids}); answers the pairs that were new.
     */
    private Set<List<String>> claim(String[] sources, String[] ids, Instant recordedAt) {
        Set<List<String>> claimed = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    insert into ingested_message (source, message_id, recorded_at)
                    select source, decode(message_id, 'hex'), ? from unnest(?::text[], ?::text[]) as m(source, message_id)
                    on conflict do nothing returning source, encode(message_id, 'hex')""");
            insert.setTimestamp(1, Timestamp.from(recordedAt));
            insert.setArray(2, connection.createArrayOf("text", sources));
            insert.setArray(3, connection.createArrayOf("text", ids));
            return insert;
        }, rs -> {
            claimed.add(List.of(rs.getString(1), rs.getString(2)));
        });
        return claimed;
    }
}
