package org.consentledger.query.violations;

import static org.consentledger.query.web.SqlArrays.literal;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** One row per flagged entry, with the verdict the command side last recorded; a cleared verdict removes it. */
@Component
@ProcessingGroup(Views.GROUP)
class ViolationsProjection {

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    ViolationsProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(DataCollectedEvent event) {
        flagIfViolating(event.subject(), JudgedEntry.collection(event.origin()), event.verdict());
    }

    @EventHandler
    void on(DataTransferredEvent event) {
        flagIfViolating(event.subject(), JudgedEntry.transfer(event.origin(), event.transfer()), event.verdict());
    }

    @EventHandler
    void on(DataReceivedEvent event) {
        flagIfViolating(event.subject(), JudgedEntry.receipt(event.origin(), event.receipt()), event.verdict());
    }

    /** A changed verdict replaces the row, or removes it once the entry is no longer flagged. */
    @EventHandler
    void on(VerdictChangedEvent event) {
        if (event.verdict().flagged()) {
            flag(event.subject(), event.entry(), event.verdict());
        } else {
            writes.update("delete from violation where entry_app = ? and entry_id = ?", event.entry().app(),
                    event.entry().messageId());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate violation");
    }

    /** An entry's own event: a row only if it is flagged (no earlier row can exist for it). */
    private void flagIfViolating(String subject, JudgedEntry entry, Verdict verdict) {
        if (verdict.flagged()) {
            flag(subject, entry, verdict);
        }
    }

    private void flag(String subject, JudgedEntry entry, Verdict verdict) {
        writes.upsert("""
                insert into violation (entry_app, entry_id, subject, kind, transfer_id, from_app, to_app, at, codes)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::text[])
                on conflict (entry_app, entry_id) do update set codes = excluded.codes""", 2,
                entry.app(), entry.messageId(), subject, entry.kind(), entry.transferId(), entry.from(), entry.to(),
                Timestamp.from(entry.at()), literal(verdict.violations()));
    }
}
