package org.consentledger.query.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The views' event processor.
 *
 * @param maxClaimedSegments the most segments one instance claims; 0 claims every free one
 * @param downAfterFailures  batches in a row rolled back after which health says DOWN
 */
@ConfigurationProperties("ledger.views")
public record ViewsProperties(@DefaultValue("0") int maxClaimedSegments, @DefaultValue("3") int downAfterFailures) {
}
