package org.consentledger.ledger.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the ledger's neighbours answer, as the ledger names them to others.
 *
 * @param issuerUri the ledger's own token issuer (the {@code iss} of the tokens it hands to people)
 * @param queryUrl  query-service, where a person's report link points
 */
@ConfigurationProperties("ledger")
public record LedgerUrls(String issuerUri, String queryUrl) {
}
