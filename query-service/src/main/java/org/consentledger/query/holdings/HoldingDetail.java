package org.consentledger.query.holdings;

import java.time.Instant;

/**
 * A holding with what reports need beyond the public holdings shape: whose data, the retention the
 * collector reported and when it ends, and for transfers the recipient's country and safeguard.
 */
public record HoldingDetail(String subject, Holding holding, String retention, Instant retentionEnds,
                            String recipientCountry, String safeguard, HoldingsRepository.Cursor cursor) {
}
