package org.consentledger.contracts.consent;

import java.time.Instant;
import java.util.List;

/** {@code data} of {@code org.consentledger.consent.granted.v1}. */
public record ConsentGranted(
        String consentId,
        List<String> purposes,
        List<String> categories,
        String legalBasis,
        List<String> recipients,
        Notice notice,
        Instant expiresAt) {

    public ConsentGranted {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
}
