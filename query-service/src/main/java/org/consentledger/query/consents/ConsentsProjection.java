package org.consentledger.query.consents;

import static org.consentledger.query.web.SqlArrays.literal;

import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Each consent with when it was given and when it was withdrawn (the earliest withdrawal counts). */
@Component
@ProcessingGroup(Views.GROUP)
public class ConsentsProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    ConsentsProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(ConsentGrantedEvent event) {
        ConsentGranted c = event.consent();
        writes.upsert("""
                insert into consent (subject, consent_id, controller, purposes, categories, recipients, legal_basis,
                                     given_at, expires_at, notice_url, notice_version)
                values (?, ?, ?, ?::text[], ?::text[], ?::text[], ?, ?, ?, ?, ?)
                on conflict (subject, consent_id) do update set controller = excluded.controller,
                    purposes = excluded.purposes, categories = excluded.categories, recipients = excluded.recipients,
                    legal_basis = excluded.legal_basis, given_at = excluded.given_at, expires_at = excluded.expires_at,
                    notice_url = excluded.notice_url, notice_version = excluded.notice_version
                where consent.given_at <= excluded.given_at""", 2,
                event.subject(), c.consentId(), event.origin().app(), literal(c.purposes()), literal(c.categories()),
                literal(c.recipients()), c.legalBasis(), Timestamp.from(event.origin().time()), timestamp(c.expiresAt()),
                c.notice() == null ? null : c.notice().url(), c.notice() == null ? null : c.notice().version());
        updateWithdrawal(event.subject(), c.consentId());
    }

    /** A withdrawal may arrive before its grant: it is kept on its own and joined in either order. */
    @EventHandler
    void on(ConsentWithdrawnEvent event) {
        writes.update("insert into consent_withdrawal (subject, consent_id, withdrawn_at) values (?, ?, ?) "
                + "on conflict do nothing", event.subject(), event.withdrawal().consentId(),
                Timestamp.from(event.origin().time()));
        updateWithdrawal(event.subject(), event.withdrawal().consentId());
        // The sets of consents copies rest on (Flyway V18) that hold it: their earliest withdrawal only
        // moves earlier. A set holds only consents granted before it, so a grant changes none.
        writes.update("""
                update consent_set s set withdrawn_at = least(s.withdrawn_at, c.withdrawn_at) from consent c
                where c.subject = ? and c.consent_id = ? and c.withdrawn_at is not null
                  and s.consents @> array[c.consent_id]::text[] and s.subject = c.subject""",
                event.subject(), event.withdrawal().consentId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate consent, consent_withdrawal");
    }

    private void updateWithdrawal(String subject, String consentId) {
        writes.update("""
                update consent set withdrawn_at = (select min(w.withdrawn_at) from consent_withdrawal w
                                                   where w.subject = consent.subject and w.consent_id = consent.consent_id)
                where subject = ? and consent_id = ?""", subject, consentId);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
