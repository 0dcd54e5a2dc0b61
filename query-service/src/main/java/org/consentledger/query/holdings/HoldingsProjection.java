package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.literal;

import java.sql.Timestamp;
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
 * each rests on. Idempotent: a replayed event hits the primary key (reporting app, message id,
 * holder, category) and changes nothing, as does a replayed erasure (kept in {@code holding_erasure}
 * by its report); a holding is erased from the earliest erasure covering it, whichever of the two
 * arrived first. Runs in the one processor of all views ({@link Views}): a holding's status joins the
 * consents' state.
 */
@Component
@ProcessingGroup(Views.GROUP)
class HoldingsProjection {

    /** Whether an erasure's categories ({@code text[]}, none: everything) cover a holding's category. */
    private static final String COVERS = "(cardinality(%1$s) = 0 or exists (select 1 from unnest(%1$s) c"
            + " where %2$s = c or %2$s like c || '.%%'))";
    /** A holding inserted after an erasure that covers it is erased from the earliest such erasure on. */
    private static final String INSERT = BatchedWrites.insertInto("holding", new String[] {"entry_app", "entry_id",
            "subject", "holder", "category", "since::timestamptz", "source_type", "source_app", "transfer_id", "method",
            "purposes::text[]", "legal_basis", "consent_id", "retention", "rests_on::text[]", "recipient_country",
            "safeguard"}, "erased_at", "(select min(x.at) from holding_erasure x where x.subject = r.subject"
            + " and x.holder = r.holder and x.at >= r.since::timestamptz and "
            + COVERS.formatted("x.categories", "r.category") + ")");
    /**
     * Records the erasure, stamps the holder's unerased holdings it covers, and moves back the stamp
     * of holdings a later erasure stamped. Those are only looked for if a later erasure exists
     * ({@code later}, materialized so that the test comes first: otherwise PostgreSQL reads every
     * holding the holder ever had of the subject and tests afterwards, a quarter of a second for each
     * erasure of the busiest subjects at a million events).
     */
    private static final String ERASE = """
            with e (entry_app, entry_id, subject, holder, at, categories) as (
                values (?, ?, ?, ?, ?::timestamptz, ?::text[])),
            recorded as (
                insert into holding_erasure select * from e on conflict do nothing),
            later as materialized (
                select e.* from e where exists (select 1 from holding_erasure x
                                                where x.subject = e.subject and x.holder = e.holder and x.at > e.at)),
            moved_back as (
                update holding h set erased_at = l.at from later l
                where h.subject = l.subject and h.holder = l.holder and h.erased_at > l.at and h.since <= l.at
                  and %2$s)
            update holding h set erased_at = e.at from e
            where h.subject = e.subject and h.holder = e.holder and h.erased_at is null and h.since <= e.at
              and %1$s""".formatted(COVERS.formatted("e.categories", "h.category"),
            COVERS.formatted("l.categories", "h.category"));

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

    /** Stamps the holder's rows that the erasure covers (a parent category erases its children). */
    @EventHandler
    void on(DataErasedEvent event) {
        Origin o = event.origin();
        writes.update(ERASE, o.app(), o.messageId(), event.subject(), o.app(), Timestamp.from(o.time()),
                literal(event.erasure().categories()));
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
