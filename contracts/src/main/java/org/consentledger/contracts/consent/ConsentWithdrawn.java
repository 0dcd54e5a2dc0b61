package org.consentledger.contracts.consent;

/** {@code data} of {@code org.consentledger.consent.withdrawn.v1}. */
public record ConsentWithdrawn(String consentId) {
}
