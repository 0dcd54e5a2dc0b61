package org.consentledger.ledger.subject;

import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.JudgedEntry;

/**
 * One accepted report about the subject, as the rules see it: who reported it and when it happened
 * ({@code origin}), the reported data, and for transfers what was known about the recipient.
 */
record Fact(Origin origin, Object data, RecipientFacts recipient) {

    Fact(Origin origin, Object data) {
        this(origin, data, null);
    }

    boolean aboutConsent() {
        return data instanceof ConsentGranted || data instanceof ConsentWithdrawn;
    }

    /** The entry a verdict is about, or null for reports that get none (consents, erasures). */
    JudgedEntry entry() {
        if (data instanceof DataCollected) {
            return JudgedEntry.collection(origin);
        }
        if (data instanceof DataTransferred t) {
            return JudgedEntry.transfer(origin, t);
        }
        if (data instanceof DataReceived r) {
            return JudgedEntry.receipt(origin, r);
        }
        return null;
    }
}
