package org.consentledger.storage;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * The event store's tables as both services' Axon JDBC engines name them: the ledger appends to
 * them, the read side reads them. Column names are the snake_case of the Flyway migrations
 * ({@code db/migration/ledger}).
 */
public final class EventTables {

    private EventTables() {
    }

    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }
}
