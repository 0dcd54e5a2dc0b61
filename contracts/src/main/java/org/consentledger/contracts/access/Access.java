package org.consentledger.contracts.access;

import java.time.Instant;

/**
 * One read of a subject's data by someone other than the subject, as the read side hands it to the
 * ledger (JSON on {@link #TOPIC}) before it answers: its id (which makes the hand-over recorded
 * once), whose data, when, who read it ({@code role}, and as {@code accessor} the app id of an app's
 * token, else the token's subject), the endpoint's path and the purpose the reader gave (null if none).
 */
public record Access(String accessId, String subject, Instant at, String role, String accessor, String endpoint,
                     String purpose) {

    /** The internal topic the read side writes accesses to and the ledger reads them from; no app may touch it. */
    public static final String TOPIC = "ledger.internal.accesses";
    /** Where the ledger puts a hand-over it cannot read, with the reason (a fault of the read side). */
    public static final String DEAD_LETTERS = TOPIC + ".dlq";
}
