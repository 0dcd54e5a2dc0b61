package org.consentledger.ledger.subject;

import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
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

    /** The fact a stored event records, or null for events that record none (verdict changes). */
    static Fact of(Object event) {
        if (event instanceof ConsentGrantedEvent e) {
            return new Fact(e.origin(), e.consent());
        }
        if (event instanceof ConsentWithdrawnEvent e) {
            return new Fact(e.origin(), e.withdrawal());
        }
        if (event instanceof DataCollectedEvent e) {
            return new Fact(e.origin(), e.collection());
        }
        if (event instanceof DataTransferredEvent e) {
            return new Fact(e.origin(), e.transfer(), e.recipient());
        }
        if (event instanceof DataReceivedEvent e) {
            return new Fact(e.origin(), e.receipt());
        }
        if (event instanceof DataErasedEvent e) {
            return new Fact(e.origin(), e.erasure());
        }
        return null;
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
