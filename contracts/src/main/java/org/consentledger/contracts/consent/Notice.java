package org.consentledger.contracts.consent;

/** The privacy notice the person saw when consenting. */
public record Notice(String url, String version) {
}
