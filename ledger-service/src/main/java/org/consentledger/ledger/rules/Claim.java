package org.consentledger.ledger.rules;

import java.time.Instant;
import java.util.List;

/**
 * What a collection or transfer claims: the app that ends up holding the data ({@code receiver}),
 * the app it came from ({@code sender}, none for a collection), when, what, why, on which basis.
 */
public record Claim(String receiver, String sender, Instant at, List<String> categories, List<String> purposes,
             String legalBasis, String consentId) {
}
