package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.query.web.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The subjects' history entries: the order, the violations and the stored event from the history
 * view, the data from the stored event itself (opened with its subject's key), read for the page
 * asked for only.
 */
@Repository
public class HistoryRepository {

    /** Entries with their leaf in the tamper-evident log, once it holds them. */
    private static final String SELECT = "select h.*, l.leaf_index from history_entry h left join log_leaf l on l.event_identifier = h.stored_event";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventUpcaster opener;
    private final ObjectMapper json = LedgerJson.mapper();
    private final String storedEvents;

    HistoryRepository(JdbcTemplate jdbc, Serializer serializer, EventUpcaster opener, EventSchema schema) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.opener = opener;
        this.storedEvents = "select " + String.join(", ", schema.typeColumn(), schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn(), schema.eventIdentifierColumn(), schema.timestampColumn(),
                schema.payloadTypeColumn(), schema.payloadRevisionColumn(), schema.payloadColumn(),
                schema.metaDataColumn()) + " from " + schema.domainEventTable() + " e join unnest(?::text[], ?::bigint[])"
                + " k(record, sequence) on e." + schema.aggregateIdentifierColumn() + " = k.record and e."
                + schema.sequenceNumberColumn() + " = k.sequence";
    }

    /**
     * The accepted entries about the subject in the order of {@link #keys} (oldest first: by when it
     * happened, then when it was recorded) after {@code after} (from the first if null), at most
     * {@code limit}, each with its leaf in the tamper-evident log once it is there.
     */
    public List<HistoryEntry> entries(String subject, List<String> after, long limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where h.subject = ?");
        List<Object> args = new ArrayList<>(List.of(subject));
        if (after != null) {
            sql.append(" and (h.time, h.recorded_at, h.entry_app, h.entry_id) > (?, ?, ?, ?)");
            args.add(Timestamp.from(AsOf.instant("after", after.get(0))));
            args.add(Timestamp.from(AsOf.instant("after", after.get(1))));
            args.addAll(after.subList(2, 4));
        }
        sql.append(" order by h.time, h.recorded_at, h.entry_app, h.entry_id limit ?");
        args.add(limit);
        return withData(jdbc.query(sql.toString(), HistoryRepository::row, args.toArray()));
    }

    /** The latest {@code count} entries that had happened at {@code asOf}, oldest first. */
    public List<HistoryEntry> latest(String subject, Instant asOf, int count) {
        List<Row> latest = new ArrayList<>(jdbc.query(SELECT + """
                 where h.subject = ? and h.time <= ?
                order by h.time desc, h.recorded_at desc, h.entry_app desc, h.entry_id desc limit ?""",
                HistoryRepository::row, subject, Timestamp.from(asOf), count));
        Collections.reverse(latest);
        return withData(latest);
    }

    /** How many entries had happened at {@code asOf}. */
    public long count(String subject, Instant asOf) {
        return jdbc.queryForObject("select count(*) from history_entry where subject = ? and time <= ?", Long.class,
                subject, Timestamp.from(asOf));
    }

    /** The sort keys of a subject's entries: when it happened, when it was recorded, the reporting app and the entry's id. */
    public static String[] keys(HistoryEntry entry) {
        return new String[] {entry.time().toString(), entry.recordedAt().toString(),
                entry.source().substring("/apps/".length()), entry.eventId()};
    }

    /** An entry as the view holds it; its data is in the stored event. */
    private record Row(String app, String id, String type, Instant time, Instant recordedAt, List<String> violations,
                       String storedEvent, String record, long sequence, Long leafIndex) {
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        return new Row(rs.getString("entry_app"), rs.getString("entry_id"), rs.getString("type"),
                rs.getTimestamp("time").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
                strings(rs.getArray("violations")), rs.getString("stored_event"), rs.getString("record"), rs.getLong("sequence"),
                (Long) rs.getObject("leaf_index"));
    }

    /** The entries with their data, read from their stored events in one statement and opened. */
    private List<HistoryEntry> withData(List<Row> rows) {
        Map<String, JsonNode> data = new HashMap<>();
        if (!rows.isEmpty()) {
            List<DomainEventData<?>> stored = jdbc.query(storedEvents, (rs, i) -> new GenericDomainEventEntry<>(
                    rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getBytes(8), rs.getBytes(9)),
                    rows.stream().map(Row::record).toArray(String[]::new), rows.stream().map(Row::sequence).toArray(Long[]::new));
            EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(stored.stream(), serializer, opener))
                    .forEach(event -> data.put(event.getIdentifier(), json.valueToTree(dataOf(event.getPayload()))));
        }
        return rows.stream().map(r -> new HistoryEntry(r.id(), r.type(), r.time(), r.recordedAt(), "/apps/" + r.app(),
                data.get(r.storedEvent()), r.violations(), r.leafIndex())).toList();
    }

    /** What the app sent as the event's data, as the ledger accepted it. */
    private static Object dataOf(Object event) {
        if (event instanceof ConsentGrantedEvent e) {
            return e.consent();
        } else if (event instanceof ConsentWithdrawnEvent e) {
            return e.withdrawal();
        } else if (event instanceof DataCollectedEvent e) {
            return e.collection();
        } else if (event instanceof DataTransferredEvent e) {
            return e.transfer();
        } else if (event instanceof DataReceivedEvent e) {
            return e.receipt();
        } else if (event instanceof DataErasedEvent e) {
            return e.erasure();
        }
        throw new IllegalStateException("not an entry of a history: " + event.getClass().getName());
    }
}
