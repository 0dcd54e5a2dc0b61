package org.consentledger.contracts.subject;

import java.time.Instant;
import org.consentledger.contracts.ingest.SubjectCommand;

/** Forget a subject's record (GDPR Art. 17): its key goes, its events stay stored and unreadable. */
public record ForgetSubjectCommand(String subject, Instant at) implements SubjectCommand {
}
