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
 * Projects collections and transfers into {@code holding} rows, one per category, with the set of
 * consents each rests on ({@code consent_set}), and erasures into {@code holding_erasure}.
 * Idempotent: a replayed event hits the primary key (reporting app, message id, holder, category)
 * and changes nothing, as does a replayed erasure (keyed by its report). A holding is never rewritten for an erasure: it is erased from the
 * earliest erasure of its holder at or after its {@code since} that covers its category, derived
 * when read ({@link HoldingsRepository}), whichever of the two arrived first, as its withdrawals are.
 */
@Component
@ProcessingGroup(Views.GROUP)
class HoldingsProjection {

    /** A copy's tally but for what it rests on, from its holding's columns. */
    private static final String TALLY_KEY = "subject, holder, category, (since at time zone 'UTC')::date as day,"
            + " case when source_type = 'transfer' then source_app else 'collected' end as source,"
            + " purposes, legal_basis, coalesce(retention, '') as retention";
    /**
     * Counts copies into {@code holding_tally} (Flyway V17) from {@code copies (subject, holder,
     * category, since, source_type, source_app, purposes, legal_basis, retention, rests_on_key)}: one
     * row per tally, so that one statement never updates a row twice.
     */
    private static final String TALLY = """
            insert into holding_tally (subject, holder, category, day, source, purposes, legal_basis, retention,
                                       rests_on_key, copies, first_since, last_since)
            select %s, rests_on_key, count(*), min(since), max(since)
            from copies group by 1, 2, 3, 4, 5, 6, 7, 8, 9
            on conflict (subject, holder, category, day, source, purposes, legal_basis, retention, rests_on_key) do update
            set copies = holding_tally.copies + excluded.copies,
                first_since = least(holding_tally.first_since, excluded.first_since),
                last_since = greatest(holding_tally.last_since, excluded.last_since)""".formatted(TALLY_KEY);
    /**
     * Names the consent sets of {@code r (subject, rests_on_key, rests_on)} not named before (Flyway
     * V18), each with the earliest withdrawal among its consents so far (looked up one by one: a
     * busy subject has hundreds of consents); later ones are added by {@code ConsentsProjection}, in
     * whichever order the two write in a batch. A set is keyed by the digest of its consents as
     * bound ({@code SqlArrays.literal}), which needs no parsing.
     */
    private static final String SETS = """
            sets as (
                insert into consent_set (subject, set_key, consents, withdrawn_at)
                select subject, rests_on_key, consents, (select min(c.withdrawn_at) from unnest(n.consents) u(id)
                                                         join consent c on c.subject = n.subject and c.consent_id = u.id)
                from (select distinct on (subject, rests_on_key) subject, rests_on_key, rests_on::text[] as consents
                      from r where not exists (select 1 from consent_set x
                                               where x.subject = r.subject and x.set_key = r.rests_on_key)) n
                on conflict do nothing)""";
    private static final String COPY = "subject, holder, category, since, source_type, source_app, purposes, legal_basis,"
            + " retention, rests_on_key";
    /** Inserts holdings and counts those that were new (a replayed event's are not) into their tallies. */
    private static final String INSERT = "with r as (select r.*, md5(r.rests_on) as rests_on_key from "
            + BatchedWrites.rows("entry_app", "entry_id", "subject", "holder", "category", "since", "source_type",
                    "source_app", "transfer_id", "method", "purposes", "legal_basis", "consent_id", "retention",
                    "rests_on", "recipient_country", "safeguard") + "), " + SETS + ", copies as ("
            + BatchedWrites.insertFrom("holding", "r", "entry_app", "entry_id", "subject", "holder", "category",
                    "since::timestamptz", "source_type", "source_app", "transfer_id", "method", "purposes::text[]",
                    "legal_basis", "consent_id", "retention", "rests_on_key", "recipient_country", "safeguard")
            + " returning " + COPY + ") " + TALLY;
    /**
     * Changes what an entry's holdings rest on, and moves them to the tallies of what they rest on now
     * (a tally left with none counts none; its first and last since stay those of copies of its
     * holder and category).
     */
    private static final String RESTS_ON = """
            with v (entry_app, entry_id, rests_on) as (values (?, ?, ?)),
            r as (select h.subject, h.holder, h.category, h.since, h.source_type, h.source_app, h.purposes,
                         h.legal_basis, h.retention, h.rests_on_key as was, v.rests_on,
                         md5(v.rests_on) as rests_on_key, h.entry_app, h.entry_id
                  from holding h join v on h.entry_app = v.entry_app and h.entry_id = v.entry_id
                  where h.rests_on_key <> md5(v.rests_on)),
            %s,
            changed as (
                update holding h set rests_on_key = r.rests_on_key from r
                where h.entry_app = r.entry_app and h.entry_id = r.entry_id and h.category = r.category
                  and h.holder = r.holder),
            taken as (
                update holding_tally t set copies = t.copies - m.n
                from (select %s, was, count(*) as n from r group by 1, 2, 3, 4, 5, 6, 7, 8, 9) m
                where (t.subject, t.holder, t.category, t.day, t.source, t.purposes, t.legal_basis, t.retention, t.rests_on_key)
                    = (m.subject, m.holder, m.category, m.day, m.source, m.purposes, m.legal_basis, m.retention, m.was)),
            copies as (select %s from r)
            %s""".formatted(SETS, TALLY_KEY, COPY, TALLY);
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
        writes.update(RESTS_ON, event.entry().app(), event.entry().messageId(), literal(event.verdict().restsOn()));
    }

    /** The holder's copies it covers read as erased from then on (a parent category erases its children). */
    @EventHandler
    void on(DataErasedEvent event) {
        Origin o = event.origin();
        writes.insert(ERASURE, o.app(), o.messageId(), event.subject(), o.app(), o.time(), event.erasure().categories());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate holding, holding_erasure, holding_tally, consent_set");
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
