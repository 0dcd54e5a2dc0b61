package org.consentledger.ledger.ingest;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import org.axonframework.common.AxonTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure caused by what a record says (the same record fails again, whenever it is retried)
 * from one caused by the database or broker being away or busy (a retry later succeeds).
 */
final class Failures {

    /** SQLSTATE classes of content: data exceptions (22), integrity violations (23), program limits (54). */
    private static final Set<String> CONTENT_CLASSES = Set.of("22", "23", "54");
    /** Two instances appending to one subject at a rebalance: retried, the loser reads the winner's events. */
    private static final String UNIQUE_VIOLATION = "23505";

    private Failures() {
    }

    /**
     * The first SQL error in the chain decides: content classes are deterministic, every other state
     * (connection, resources, shutdown, serialization, ...) transient. Without one, an exception of the
     * database, the transaction or the broker is transient, anything else (the aggregate refusing what
     * it was given, a serializer) deterministic.
     */
    static boolean isTransient(Throwable failure) {
        boolean infrastructure = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                return state == null || state.length() < 2 || UNIQUE_VIOLATION.equals(state)
                        || !CONTENT_CLASSES.contains(state.substring(0, 2));
            }
            infrastructure |= t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransactionException || t instanceof AxonTransientException
                    || t instanceof KafkaException || t instanceof TimeoutException || t instanceof IOException;
        }
        return infrastructure;
    }

    /** What went wrong, without SQL or stack: the innermost cause's type, SQLSTATE and message. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql && sql.getSQLState() != null ? " " + sql.getSQLState() : "";
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        String text = root.getClass().getSimpleName() + state + message;
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    /** For health and logs, where nothing a record said may appear: type and SQLSTATE only. */
    static String kind(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql && sql.getSQLState() != null ? " " + sql.getSQLState() : "";
        return root.getClass().getName() + state;
    }
}
