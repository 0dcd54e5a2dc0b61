package org.consentledger.contracts.ingest;

/** A command on one data subject's aggregate: the subject is the aggregate's identifier. */
public interface SubjectCommand {

    String subject();
}
