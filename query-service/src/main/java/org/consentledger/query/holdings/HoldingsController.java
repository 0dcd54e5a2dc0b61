package org.consentledger.query.holdings;

import io.swagger.v3.oas.annotations.Operation;
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

    @Operation(summary = "Who holds what about a subject, since when, how they got it, on what basis",
            description = "Now, or as it stood at `asOf` (RFC 3339). Status: active, erasure-due (a consent it "
                    + "rests on was withdrawn), overdue (past its retention) or erased (`until` set).")
    @GetMapping("/api/v1/subjects/{subject}/holdings")
    HoldingsResponse holdings(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        return new HoldingsResponse(subject, at, holdings.ofSubject(subject, at).stream().map(HoldingDetail::holding).toList());
    }
}
