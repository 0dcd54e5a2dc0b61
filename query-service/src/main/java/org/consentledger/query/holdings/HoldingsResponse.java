package org.consentledger.query.holdings;

import java.time.Instant;
import java.util.List;

/** The holdings answer's shape, for the API description: {@link HoldingsController} writes it as it reads. */
public record HoldingsResponse(String subject, Instant asOf, List<Holding> holdings, String next) {
}
