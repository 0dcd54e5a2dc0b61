package org.consentledger.query.holdings;

import java.time.Clock;
import java.time.Instant;
import org.consentledger.query.web.AsOf;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HoldingsController {

    private final HoldingsRepository holdings;
    private final Clock clock;

    HoldingsController(HoldingsRepository holdings, Clock clock) {
        this.holdings = holdings;
        this.clock = clock;
    }

    /** Who holds what about the subject now, or as it stood at {@code asOf} (RFC 3339). */
    @GetMapping("/api/v1/subjects/{subject}/holdings")
    HoldingsResponse holdings(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        return new HoldingsResponse(subject, at, holdings.ofSubject(subject, at).stream().map(HoldingDetail::holding).toList());
    }
}
