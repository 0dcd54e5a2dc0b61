package org.consentledger.ledger.app;

import java.time.Instant;

/** An app that may report to the ledger, with the country it operates from (ISO 3166 alpha-2). */
public record App(String appId, String name, String country, Instant registeredAt, Instant updatedAt) {
}
