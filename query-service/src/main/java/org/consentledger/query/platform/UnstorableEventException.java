package org.consentledger.query.platform;

import org.consentledger.storage.DatabaseFailures;

/**
 * An event whose writes the database refuses: thrown from its handler, so that Axon parks it (and the
 * later events of its subject) in the views' dead-letter queue. The message names the statement's
 * target and the database's error kind, never a value.
 */
public class UnstorableEventException extends RuntimeException {

    UnstorableEventException(String sql, RuntimeException cause) {
        super("the views cannot store this event: " + DatabaseFailures.kind(cause) + " in "
                + sql.strip().lines().findFirst().orElse("").replaceFirst("\\s*\\(.*", ""), cause);
    }
}
