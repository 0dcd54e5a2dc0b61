package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.literal;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.ingest.IntegrationType;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.contracts.verdict.ViolationCode;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One history entry per accepted integration event: what the subject's history is ordered and paged
 * by, its current violations, and where its stored event is; its data is read from the event store
 * when served ({@link HistoryRepository}), not copied here.
 */
@Component
@ProcessingGroup(Views.GROUP)
class HistoryProjection {

    private static final String INSERT = BatchedWrites.insertInto("history_entry", "entry_app", "entry_id", "subject",
            "type", "time::timestamptz", "recorded_at::timestamptz", "violations::text[]", "stored_event",
            "record", "sequence::bigint");

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    HistoryProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(ConsentGrantedEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.CONSENT_GRANTED, List.of(), stored);
    }

    @EventHandler
    void on(ConsentWithdrawnEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.CONSENT_WITHDRAWN, List.of(), stored);
    }

    @EventHandler
    void on(DataCollectedEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_COLLECTED, e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataTransferredEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_TRANSFERRED, e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataReceivedEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_RECEIVED, e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataErasedEvent e, DomainEventMessage<?> stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_ERASED, List.of(), stored);
    }

    @EventHandler
    void on(VerdictChangedEvent e) {
        writes.update("update history_entry set violations = ?::text[] where entry_app = ? and entry_id = ?",
                literal(e.verdict().violations()), e.entry().app(), e.entry().messageId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate history_entry");
    }

    /**
     * {@code stored}: the stored event the entry is made from: its own identifier, by which its leaf in
     * the tamper-evident log is found, and its record and sequence number, by which its data is read.
     * Not the processor's position: for an event committed after later ones (filling a gap) that is
     * the later event's global index.
     */
    private void save(String subject, Origin origin, IntegrationType type, List<ViolationCode> violations,
                      DomainEventMessage<?> stored) {
        writes.insert(INSERT, origin.app(), origin.messageId(), subject, type.type(), origin.time(), origin.recordedAt(),
                violations, stored.getIdentifier(), stored.getAggregateIdentifier(), stored.getSequenceNumber());
    }
}
