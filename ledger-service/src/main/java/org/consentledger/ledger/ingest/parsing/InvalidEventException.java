package org.consentledger.ledger.ingest.parsing;

import org.consentledger.security.Refusal;
import org.springframework.http.HttpStatus;

/**
 * An integration message the ledger refuses, with the code and a detail an app developer can act on;
 * over HTTP 400 for what it holds, 403 when it names another app than the caller's token, 422 when
 * it is valid but cannot be recorded.
 */
public class InvalidEventException extends Refusal {

    private final ErrorCode error;

    public InvalidEventException(ErrorCode error, String detail) {
        super(switch (error) {
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case SOURCE_MISMATCH -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.BAD_REQUEST;
        }, error.name(), detail);
        this.error = error;
    }

    public ErrorCode error() {
        return error;
    }
}
