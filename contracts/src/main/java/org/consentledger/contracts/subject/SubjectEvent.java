package org.consentledger.contracts.subject;

/**
 * An event of one data subject's record. Every member of such an event is personal data and is
 * stored sealed under the subject's key; the record (its aggregate) is a random surrogate.
 */
public interface SubjectEvent {

    String subject();
}
