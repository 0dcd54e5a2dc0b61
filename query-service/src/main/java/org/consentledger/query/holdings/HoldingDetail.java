package org.consentledger.query.holdings;

import java.time.Instant;

/**
 * A holding with what reports need beyond the public holdings shape: whose data, the retention the
 * collector reported and when it ends, for transfers the recipient's country and safeguard, and the
 * ledger entry that made it (which, with its holder and category, tells it from every other copy).
 */
public record HoldingDetail(String subject, Holding holding, String retention, Instant retentionEnds,
                            String recipientCountry, String safeguard, String entryApp, String entryId) {
}
