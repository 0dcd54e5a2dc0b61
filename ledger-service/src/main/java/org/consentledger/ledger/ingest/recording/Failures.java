package org.consentledger.ledger.ingest.recording;

import org.consentledger.ledger.ingest.parsing.ErrorCode;
import org.consentledger.ledger.ingest.parsing.InvalidEventException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.axonframework.common.AxonTransientException;
import org.consentledger.storage.DatabaseFailures;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure caused by what a record says (the same record fails again, whenever it is retried)
 * from one caused by the database or broker being away or busy (a retry later succeeds).
 */
public final class Failures {

    private Failures() {
    }

    /**
     * An SQL error in the chain decides ({@link DatabaseFailures#isContent}). Without one, an exception
     * of the database, the transaction or the broker is transient, anything else (the aggregate
     * refusing what it was given, a serializer) is not.
     */
    public static boolean isTransient(Throwable failure) {
        SQLException sql = DatabaseFailures.sqlError(failure);
        if (sql != null) {
            return !DatabaseFailures.isContent(sql);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransactionException || t instanceof AxonTransientException
                    || t instanceof KafkaException || t instanceof TimeoutException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The refusal of a valid event the database would not record, for its sender (dead letter or 422). */
    public static InvalidEventException unrecordable(Throwable failure) {
        return new InvalidEventException(ErrorCode.UNPROCESSABLE,
                "the ledger could not record this event: " + DatabaseFailures.describe(failure));
    }
}
