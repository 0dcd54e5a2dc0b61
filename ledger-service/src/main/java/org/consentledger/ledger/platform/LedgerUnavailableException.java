package org.consentledger.ledger.platform;

import org.consentledger.storage.DatabaseFailures;

/** The database or broker could not take a report now; retrying later can succeed (HTTP 503). */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(Throwable cause) {
        super("the ledger cannot record events right now (" + DatabaseFailures.kind(cause) + "); retry later", cause);
    }

    /** @param what what could not be done, for the answer ("the Kafka broker did not create the app's topics") */
    public LedgerUnavailableException(String what, Throwable cause) {
        super(what + " (" + cause.getClass().getSimpleName() + "); retry later", cause);
    }
}
