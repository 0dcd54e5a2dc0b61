package org.consentledger.query.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One page of a subject's holdings; {@code next} (null on the last page) is the {@code after} of the next. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HoldingsResponse(String subject, Instant asOf, List<Holding> holdings, String next) {
}
