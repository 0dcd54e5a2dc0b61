package org.consentledger.contracts.subject;

import org.axonframework.serialization.Revision;

/**
 * The first event of a subject's record: the random surrogate its events are stored under, and
 * whom it is about. A subject forgotten and reported again gets a new record.
 */
@Revision("1")
public record SubjectRecordStartedEvent(String record, String subject) implements SubjectEvent {
}
