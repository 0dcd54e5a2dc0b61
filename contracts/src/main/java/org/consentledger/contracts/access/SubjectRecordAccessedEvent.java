package org.consentledger.contracts.access;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.consentledger.contracts.subject.SubjectEvent;

/**
 * Someone other than the subject read the subject's data ({@link Access}). An event of the subject's
 * record like its reports, so it is sealed with them (the endpoint names the subject, the purpose may
 * name a case), in the tamper-evident log, and forgotten with the subject; not an integration event,
 * so the subject's history does not list it.
 */
@Revision("1")
public record SubjectRecordAccessedEvent(String subject, String accessId, Instant at, String role, String accessor,
                                         String endpoint, String purpose) implements SubjectEvent {

    public static SubjectRecordAccessedEvent of(Access access) {
        return new SubjectRecordAccessedEvent(access.subject(), access.accessId(), access.at(), access.role(),
                access.accessor(), access.endpoint(), access.purpose());
    }
}
