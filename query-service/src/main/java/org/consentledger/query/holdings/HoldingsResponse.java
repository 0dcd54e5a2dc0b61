package org.consentledger.query.holdings;

import java.time.Instant;
import java.util.List;

public record HoldingsResponse(String subject, Instant asOf, List<Holding> holdings) {
}
