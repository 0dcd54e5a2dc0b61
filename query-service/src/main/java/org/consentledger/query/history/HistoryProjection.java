package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.literal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.ingest.IntegrationType;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.contracts.verdict.ViolationCode;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** One history entry per accepted integration event, with its data as sent and its current violations. */
@Component
@ProcessingGroup(Views.GROUP)
class HistoryProjection {

    private static final String INSERT = BatchedWrites.insertInto("history_entry", "entry_app", "entry_id", "subject",
            "type", "time::timestamptz", "recorded_at::timestamptz", "data::jsonb", "violations::text[]", "stored_event");

    private final ObjectMapper json = LedgerJson.mapper();
    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    HistoryProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(ConsentGrantedEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.CONSENT_GRANTED, e.consent(), List.of(), stored);
    }

    @EventHandler
    void on(ConsentWithdrawnEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.CONSENT_WITHDRAWN, e.withdrawal(), List.of(), stored);
    }

    @EventHandler
    void on(DataCollectedEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_COLLECTED, e.collection(), e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataTransferredEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_TRANSFERRED, e.transfer(), e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataReceivedEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_RECEIVED, e.receipt(), e.verdict().violations(), stored);
    }

    @EventHandler
    void on(DataErasedEvent e, @MessageIdentifier String stored) {
        save(e.subject(), e.origin(), IntegrationType.DATA_ERASED, e.erasure(), List.of(), stored);
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

    /** {@code stored}: the stored event's own identifier, by which its leaf in the tamper-evident log is found. */
    private void save(String subject, Origin origin, IntegrationType type, Object data, List<ViolationCode> violations,
                      String stored) {
        writes.insert(INSERT, origin.app(), origin.messageId(), subject, type.type(), origin.time(), origin.recordedAt(), toJson(data),
                violations, stored);
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + data, e);
        }
    }
}
