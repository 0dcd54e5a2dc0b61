package org.consentledger.query.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The views' event processor (defaults in {@code query-service.yml}).
 *
 * @param maxClaimedSegments the most segments one instance claims; 0 claims every free one
 * @param downAfterFailures  batches in a row rolled back after which health says DOWN
 */
@ConfigurationProperties("ledger.views")
public record ViewsProperties(int maxClaimedSegments, int downAfterFailures) {
}
