package org.consentledger.storage;

import java.sql.SQLException;
import java.util.Set;

/**
 * Both services tell a statement PostgreSQL refuses for what it holds (the same values fail again,
 * whenever they are retried) from one that fails because the database is away, busy or shutting
 * down, by the SQLSTATE of the first SQL error in the chain.
 */
public final class DatabaseFailures {

    /** SQLSTATE classes of content: data exceptions (22), integrity violations (23), program limits (54). */
    private static final Set<String> CONTENT_CLASSES = Set.of("22", "23", "54");
    /** Two writers of one key (ledger instances appending to a subject at a rebalance): retrying settles it. */
    private static final String UNIQUE_VIOLATION = "23505";

    private DatabaseFailures() {
    }

    /** The first SQL error in the chain, if any. */
    public static SQLException sqlError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** Refused for the values it was given: retrying them cannot succeed. */
    public static boolean isContent(SQLException error) {
        String state = error.getSQLState();
        return state != null && state.length() == 5 && !UNIQUE_VIOLATION.equals(state)
                && CONTENT_CLASSES.contains(state.substring(0, 2));
    }

    /** The innermost cause's type and SQLSTATE, never its message (it may quote the values). */
    public static String kind(Throwable failure) {
        Throwable root = innermost(failure);
        String state = root instanceof SQLException sql && sql.getSQLState() != null ? " " + sql.getSQLState() : "";
        return root.getClass().getName() + state;
    }

    /** {@link #kind} and the innermost cause's first line, at most 500 characters: for the record's own sender. */
    public static String describe(Throwable failure) {
        Throwable root = innermost(failure);
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse("");
        String text = kind(failure) + message;
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static Throwable innermost(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
