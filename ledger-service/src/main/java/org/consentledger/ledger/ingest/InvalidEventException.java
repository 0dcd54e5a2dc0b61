package org.consentledger.ledger.ingest;

/** An integration message the ledger refuses, with the code and a detail an app developer can act on. */
public class InvalidEventException extends RuntimeException {

    private final ErrorCode code;

    public InvalidEventException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
