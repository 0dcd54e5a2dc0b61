package org.consentledger.ledger.platform;

import static org.axonframework.common.DateTimeUtils.formatInstant;
import static org.axonframework.eventhandling.EventUtils.asDomainEventMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendSnapshotStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.consentledger.storage.sealing.SealedTypes;
import org.consentledger.storage.sealing.Sealer;
import org.consentledger.storage.sealing.SubjectKeys;
import org.consentledger.transparency.Leaf;

/**
 * Appends a batch's events with one statement, a subject's events sealed ({@link Sealer}): each column's values as one array (sent in binary,
 * so PostgreSQL parses no array or hex text), unnested into rows in the order Axon staged the events. The global index is the column's default
 * ({@code nextval}, Flyway V4), drawn row by row in that order, so a batch's entries get rising
 * indexes in the order they were applied. Stored exactly as Axon's own statement stores them
 * (timestamps in Axon's text form), with each event's leaf hash in the tamper-evident log (Flyway V8).
 */
class AppendInOneStatement implements AppendEventsStatementBuilder, AppendSnapshotStatementBuilder {

    private final SubjectKeys keys;
    private final SealedTypes sealedTypes;

    AppendInOneStatement(SubjectKeys keys, SealedTypes sealedTypes) {
        this.keys = keys;
        this.sealedTypes = sealedTypes;
    }

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        int n = events.size();
        String[] ids = new String[n];
        String[] aggregates = new String[n];
        long[] sequences = new long[n];
        String[] types = new String[n];
        String[] times = new String[n];
        String[] payloadTypes = new String[n];
        String[] revisions = new String[n];
        byte[][] payloads = new byte[n][];
        byte[][] metaData = new byte[n][];
        byte[][] leafHashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            DomainEventMessage<?> event = asDomainEventMessage(events.get(i));
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            ids[i] = event.getIdentifier();
            aggregates[i] = event.getAggregateIdentifier();
            sequences[i] = event.getSequenceNumber();
            types[i] = event.getType();
            times[i] = formatInstant(event.getTimestamp());
            payloadTypes[i] = payload.getType().getName();
            revisions[i] = payload.getType().getRevision();
            payloads[i] = sealedTypes.test(event.getPayloadType()) ? sealed(payload.getData(), event) : payload.getData();
            metaData[i] = event.serializeMetaData(serializer, byte[].class).getData();
            leafHashes[i] = new Leaf(ids[i], aggregates[i], sequences[i], payloadTypes[i], times[i], payloads[i]).hash();
        }
        PreparedStatement statement = connection.prepareStatement("insert into " + schema.domainEventTable()
                + " (" + schema.domainEventFields() + ", leaf_hash) select * from unnest(?::text[], ?::text[], ?::bigint[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::bytea[])");
        Object[] columns = {ids, aggregates, sequences, types, times, payloadTypes, revisions, payloads, metaData, leafHashes};
        for (int i = 0; i < columns.length; i++) {
            statement.setObject(i + 1, columns[i]);
        }
        // Axon runs the statement as a JDBC batch: this one statement is its only entry.
        statement.addBatch();
        return statement;
    }

    /** Axon's own statement for a snapshot, its payload sealed like its subject's events. */
    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   DomainEventMessage<?> snapshot, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = JdbcEventStorageEngineStatements.appendSnapshot(connection, schema, dataType,
                snapshot, serializer, timestampWriter);
        if (sealedTypes.test(snapshot.getPayloadType())) {
            statement.setObject(8, sealed(snapshot.serializePayload(serializer, byte[].class).getData(), snapshot));
        }
        return statement;
    }

    private byte[] sealed(byte[] payload, DomainEventMessage<?> event) {
        byte[] subjectKey = keys.keyOf(event.getAggregateIdentifier()).orElseThrow(() -> new IllegalStateException(
                "no key for record " + event.getAggregateIdentifier() + ": it was forgotten while its events were recorded"));
        return Sealer.seal(payload, Sealer.eventKey(subjectKey, event.getIdentifier()));
    }
}
