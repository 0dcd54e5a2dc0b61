package org.consentledger.contracts.access;

import org.consentledger.contracts.ingest.SubjectCommand;

/** Records an access in the subject's record (never starts one: a subject without a record has no data to read). */
public record RecordAccessCommand(Access access) implements SubjectCommand {

    @Override
    public String subject() {
        return access.subject();
    }
}
