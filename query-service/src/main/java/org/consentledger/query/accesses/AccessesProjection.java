package org.consentledger.query.accesses;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.consentledger.contracts.access.SubjectRecordAccessedEvent;
import org.consentledger.query.platform.BatchedWrites;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Who read each subject's data, as the ledger recorded it in the subject's record. */
@Component
@ProcessingGroup(Views.GROUP)
class AccessesProjection {

    private static final String INSERT = BatchedWrites.insertInto("subject_access", "access_id", "subject",
            "at::timestamptz", "role", "accessor", "endpoint", "purpose");

    private final JdbcTemplate jdbc;
    private final BatchedWrites writes;

    AccessesProjection(JdbcTemplate jdbc, ViewBatches batches) {
        this.jdbc = jdbc;
        this.writes = batches.writes();
    }

    @EventHandler
    void on(SubjectRecordAccessedEvent e) {
        writes.insert(INSERT, e.accessId(), e.subject(), e.at(), e.role(), e.accessor(), e.endpoint(), e.purpose());
    }

    @ResetHandler
    void reset() {
        jdbc.update("truncate subject_access");
    }
}
