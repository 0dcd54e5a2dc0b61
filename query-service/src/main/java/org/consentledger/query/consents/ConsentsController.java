package org.consentledger.query.consents;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConsentsController {

    record ConsentsResponse(String subject, Instant asOf, List<ConsentView> consents) {
    }

    private final ConsentsRepository consents;
    private final Clock clock;
    private final AccessLog accessLog;

    ConsentsController(ConsentsRepository consents, Clock clock, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.consents = consents;
        this.clock = clock;
    }

    @Operation(summary = "A subject's consents as they stood at a moment",
            description = "Consents given by `asOf` (default now), each with its DPV status: ConsentGiven, "
                    + "ConsentWithdrawn or ConsentExpired, and `endedAt` the withdrawal or expiry.")
    @GetMapping("/api/v1/subjects/{subject}/consents")
    ConsentsResponse consents(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        accessLog.read(subject);
        return new ConsentsResponse(subject, at, consents.of(subject, at));
    }
}
