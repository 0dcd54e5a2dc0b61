package org.consentledger.query.holdings;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.Keyset;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HoldingsController {

    private final HoldingsRepository holdings;
    private final Clock clock;
    private final AccessLog accessLog;

    HoldingsController(HoldingsRepository holdings, Clock clock, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.holdings = holdings;
        this.clock = clock;
    }

    @Operation(summary = "Who holds what about a subject, since when, how they got it, on what basis",
            description = "Now, or as it stood at `asOf` (RFC 3339). One row per copy, oldest first; keyset-paged: "
                    + "at most `limit` rows (1-1000, default 1000), and `next`, null on the last page, passed as "
                    + "`after` for the next (with the same `asOf`). Status: active, erasure-due (a consent it rests on "
                    + "was withdrawn), overdue (past its retention) or erased (`until` set).")
    @GetMapping("/api/v1/subjects/{subject}/holdings")
    HoldingsResponse holdings(@PathVariable String subject, @RequestParam(required = false) String asOf,
                              @RequestParam(defaultValue = "1000") int limit,
                              @RequestParam(required = false) String after) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        Keyset.limit(limit);
        List<String> from = Keyset.decode(after, 5);
        accessLog.read(subject);
        List<HoldingDetail> page = new ArrayList<>();
        holdings.eachOfSubject(subject, at, from, limit + 1L, page::add);
        String next = page.size() > limit ? Keyset.encode(HoldingsRepository.subjectKeys(page.get(limit - 1))) : null;
        return new HoldingsResponse(subject, at, page.stream().limit(limit).map(HoldingDetail::holding).toList(), next);
    }

    record SummaryResponse(String subject, Instant asOf, List<HoldingsSummary.Row> summary) {
    }

    @Operation(summary = "Who holds which kind of a subject's data: one row per holder and category",
            description = "Now, or as it stood at `asOf`: the copies, the earliest and latest `since`, how many are in "
                    + "each status, and the purposes, legal bases and sources (`collected` and/or the apps the copies "
                    + "came from) of them all; ordered by holder and category.")
    @GetMapping("/api/v1/subjects/{subject}/holdings/summary")
    SummaryResponse summary(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        accessLog.read(subject);
        return new SummaryResponse(subject, at, holdings.summary(subject, at));
    }
}
