package org.consentledger.contracts.subject;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A subject's record was forgotten (GDPR Art. 17): its key is deleted, so its events stay stored but
 * can no longer be read. Stored under the record's surrogate, in clear, with nothing about the person.
 */
@Revision("1")
public record SubjectForgottenEvent(Instant forgottenAt) {
}
