package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.literal;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Projects collections and transfers into {@code holding} rows, one per category, with the consents
 * each rests on, and erasures into {@code holding_erasure}. Idempotent: a replayed event hits the
 * primary key (reporting app, message id, holder, category) and changes nothing, as does a replayed
 * erasure (keyed by its report). A holding is never rewritten for an erasure: it is erased from the
 * earliest erasure of its holder at or after its {@code since} that covers its category, derived
 * when read ({@link HoldingsRepository}), whichever of the two arrived first, as its withdrawals are.
 */
@Component
@ProcessingGroup(Views.GROUP)
class HoldingsProjection {

    private static final String INSERT = BatchedWrites.insertInto("holding", "entry_app", "entry_id", "subject",
            "holder", "category", "since::timestamptz", "source_type", "source_app", "transfer_id", "method",
            "purposes::text[]", "legal_basis", "consent_id", "retention", "rests_on::text[]", "recipient_country",
            "safeguard");
    private static final String ERASURE = BatchedWrites.insertInto("holding_erasure", "entry_app", "entry_id",
            "subject", "holder", "at::timestamptz", "categories::text[]");

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    HoldingsProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(DataCollectedEvent event) {
        DataCollected c = event.collection();
        Origin o = event.origin();
        insert(event.subject(), o, o.app(), c.categories(), "collected", null, null, c.method(), c.purposes(),
                c.legalBasis(), c.consentId(), c.retention(), event.verdict(), null, null);
    }

    @EventHandler
    void on(DataTransferredEvent event) {
        DataTransferred t = event.transfer();
        Origin o = event.origin();
        insert(event.subject(), o, t.recipient(), t.categories(), "transfer", o.app(), t.transferId(), null,
                t.purposes(), t.legalBasis(), t.consentId(), null, event.verdict(), event.recipient().country(),
                t.safeguard());
    }

    /** A late report can change what an earlier holding rests on. */
    @EventHandler
    void on(VerdictChangedEvent event) {
        writes.update("update holding set rests_on = ?::text[] where entry_app = ? and entry_id = ?",
                literal(event.verdict().restsOn()), event.entry().app(), event.entry().messageId());
    }

    /** The holder's copies it covers read as erased from then on (a parent category erases its children). */
    @EventHandler
    void on(DataErasedEvent event) {
        Origin o = event.origin();
        writes.insert(ERASURE, o.app(), o.messageId(), event.subject(), o.app(), o.time(), event.erasure().categories());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate holding, holding_erasure");
    }

    private void insert(String subject, Origin origin, String holder, List<String> categories, String sourceType,
                        String sourceApp, String transferId, String method, List<String> purposes, String legalBasis,
                        String consentId, String retention, Verdict verdict, String recipientCountry,
                        String safeguard) {
        for (String category : categories) {
            writes.insert(INSERT, origin.app(), origin.messageId(), subject, holder, category, origin.time(),
                    sourceType, sourceApp, transferId, method, purposes, legalBasis, consentId, retention,
                    verdict.restsOn(), recipientCountry, safeguard);
        }
    }
}
