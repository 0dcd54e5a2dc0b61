package org.consentledger.ledger.rules;

import java.time.Instant;
import java.util.List;
import org.consentledger.contracts.consent.ConsentGranted;

/** A consent as the ledger knows it: who holds it, what it covers, and when it began and ended. */
record Consent(String id, String controller, List<String> purposes, List<String> categories, List<String> recipients,
               String legalBasis, Instant givenAt, Instant expiresAt, Instant withdrawnAt) {

    /** Its app ids and terms kept once for all subjects, however it was made (granted, or read from a snapshot). */
    Consent {
        controller = Shared.name(controller);
        purposes = Shared.names(purposes);
        categories = Shared.names(categories);
        recipients = Shared.names(recipients);
        legalBasis = Shared.name(legalBasis);
    }

    static Consent granted(String controller, Instant at, ConsentGranted grant) {
        return new Consent(grant.consentId(), controller, grant.purposes(), grant.categories(), grant.recipients(),
                grant.legalBasis(), at, grant.expiresAt(), null);
    }

    /** The earliest withdrawal counts: once withdrawn, a consent stays withdrawn. */
    Consent withdrawnAt(Instant at) {
        Instant first = withdrawnAt == null || at.isBefore(withdrawnAt) ? at : withdrawnAt;
        return new Consent(id, controller, purposes, categories, recipients, legalBasis, givenAt, expiresAt, first);
    }
}
