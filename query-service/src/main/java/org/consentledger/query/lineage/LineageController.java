package org.consentledger.query.lineage;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.holdings.HoldingsRepository;
import org.consentledger.query.web.AsOf;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class LineageController {

    private final HoldingsRepository holdings;
    private final LineageService lineage;
    private final Clock clock;
    private final AccessLog accessLog;

    LineageController(HoldingsRepository holdings, LineageService lineage, Clock clock, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.holdings = holdings;
        this.lineage = lineage;
        this.clock = clock;
    }

    @Operation(summary = "Transfer graph of a subject's data",
            description = "Nodes are apps that held the data, edges the transfers between them, transitively "
                    + "(weconnect -> foodgo -> its processors), as of `asOf` (default now).")
    @GetMapping("/api/v1/subjects/{subject}/lineage")
    Lineage lineage(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        accessLog.read(subject);
        return lineage.lineage(subject, at, holdings.ofSubject(subject, at));
    }
}
