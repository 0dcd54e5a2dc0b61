package org.consentledger.query.platform;

/**
 * All projections run in one processor: each event is then read, deserialized, offered to the
 * segments and committed once, not once per projection (which measured as most of the read side's
 * work), and a holding's status is always projected together with the consents it is judged against.
 */
public final class Views {

    /** The processing group, and the processor's name in {@code token_entry} and the admin endpoints. */
    public static final String GROUP = "views";

    private Views() {
    }
}
