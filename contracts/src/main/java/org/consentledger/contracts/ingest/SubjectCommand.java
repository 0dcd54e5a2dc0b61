package org.consentledger.contracts.ingest;

/**
 * A command on one data subject's record. The record's aggregate is identified by a random surrogate,
 * which the command carries in its metadata ({@link #RECORD}), never the subject id.
 */
public interface SubjectCommand {

    /** The metadata key of the record a command is for. */
    String RECORD = "record";

    String subject();
}
