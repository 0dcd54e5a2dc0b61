package org.consentledger.query.erasure;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.consentledger.contracts.subject.SubjectForgottenEvent;
import org.consentledger.contracts.subject.SubjectRecordStartedEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes every row of a forgotten subject from the views, and the views' dead letters of its record
 * (they hold its events opened). Knows whose record is whose from the record's first event; a
 * record forgotten before it was projected (a rebuild) has none of its events opened, so left no rows.
 */
@Component
@ProcessingGroup(Views.GROUP)
class ForgottenSubjects {

    /** Every table of the read side keyed by subject: the views, and the accesses not yet handed to the ledger. */
    static final List<String> TABLES = List.of("holding", "holding_erasure", "holding_tally", "consent_set", "consent", "consent_withdrawal",
            "violation", "history_entry", "subject_access", "access_outbox");

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;
    private final SubjectKeys keys;

    ForgottenSubjects(JdbcTemplate jdbc, ViewBatches batches, SubjectKeys keys) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
        this.keys = keys;
    }

    @EventHandler
    void on(SubjectRecordStartedEvent started) {
        writes.insert(BatchedWrites.insertInto("subject_record", "record", "subject"), started.record(), started.subject());
    }

    /**
     * Deletes when the batch commits, after every other view's writes of the batch (registered before
     * this event was handled, so also those of the subject's events earlier in the batch).
     */
    @EventHandler
    void on(SubjectForgottenEvent forgotten, @SourceId String record) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().onPrepareCommit(u -> forget(record));
            CurrentUnitOfWork.get().root().afterCommit(u -> keys.evict(record));
        } else {
            forget(record);
        }
    }

    /**
     * Forgets a record forgotten lately ({@link ForgottenRecords}) if its sequence is parked: its
     * forgotten event is then parked behind the letter and never handled. A record whose events flow
     * is left to its forgotten event: deleted before the processor has handled all the record's
     * events, the mapping would be gone when a later one writes, and its rows would stay.
     */
    void forgetIfParked(String record) {
        if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from DeadLetterEntry"
                + " where processingGroup = ? and sequenceIdentifier = ?)", Boolean.class, Views.GROUP, record))) {
            forget(record);
        }
    }

    /** Deletes the record's rows, dead letters and mapping. */
    private void forget(String record) {
        for (String table : TABLES) {
            jdbc.update("delete from " + table + " where subject = (select subject from subject_record where record = ?)", record);
        }
        jdbc.update("delete from DeadLetterEntry where processingGroup = ? and sequenceIdentifier = ?", Views.GROUP, record);
        jdbc.update("delete from subject_record where record = ?", record);
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate subject_record");
    }
}
