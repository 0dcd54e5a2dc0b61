package org.consentledger.ledger.ingest.recording;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import org.axonframework.common.AxonTransientException;
import org.consentledger.ledger.ingest.parsing.ErrorCode;
import org.consentledger.ledger.ingest.parsing.InvalidEventException;
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

    /**
     * Records {@code items} with {@code record}, or, when that fails for their content, each half on
     * its own, until the item that fails alone is found and {@code refused} (as {@link #unrecordable}).
     * Halves already recorded stay so if a later half fails transiently (which is thrown): the retried
     * batch finds them duplicates.
     */
    public static <T> void recordInHalves(List<T> items, Consumer<List<T>> record,
                                          BiConsumer<T, InvalidEventException> refused) {
        if (items.isEmpty()) {
            return;
        }
        try {
            record.accept(items);
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                throw e;
            }
            if (items.size() == 1) {
                refused.accept(items.get(0), unrecordable(e));
                return;
            }
            int half = items.size() / 2;
            recordInHalves(items.subList(0, half), record, refused);
            recordInHalves(items.subList(half, items.size()), record, refused);
        }
    }

    /** The refusal of a valid event the database would not record, for its sender (dead letter or 422). */
    public static InvalidEventException unrecordable(Throwable failure) {
        return new InvalidEventException(ErrorCode.UNPROCESSABLE,
                "the ledger could not record this event: " + DatabaseFailures.describe(failure));
    }
}
