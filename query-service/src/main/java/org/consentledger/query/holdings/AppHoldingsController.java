package org.consentledger.query.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.Keyset;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AppHoldingsController {

    record AppHolding(String subject, String category, Instant since, Instant until, Holding.Source source,
                      List<String> purposes, String legalBasis, String consentId, String status) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AppHoldingsPage(String app, String category, Instant asOf, List<AppHolding> holdings, String next) {
    }

    private final HoldingsRepository holdings;
    private final AppDirectory apps;
    private final Clock clock;
    private final AccessLog accessLog;

    AppHoldingsController(HoldingsRepository holdings, AppDirectory apps, Clock clock, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.holdings = holdings;
        this.apps = apps;
        this.clock = clock;
    }

    @Operation(summary = "What one app holds across subjects",
            description = "Keyset-paged in (subject, category) order: pass the answer's `next` as `after` for the "
                    + "next page; `next` is null on the last page. `category` includes its children. 404 `UNKNOWN_APP` "
                    + "for an app neither registered nor holding anything.")
    @GetMapping("/api/v1/apps/{app}/holdings")
    AppHoldingsPage holdings(@PathVariable String app, @RequestParam(required = false) String category,
                             @RequestParam(required = false) String asOf,
                             @RequestParam(defaultValue = "100") int limit,
                             @RequestParam(required = false) String after) {
        Keyset.limit(limit);
        Instant at = AsOf.parse("asOf", asOf, clock);
        apps.requireKnown(app);
        List<HoldingDetail> page = holdings.ofHolder(app, category, at, Keyset.decode(after, 4), limit + 1);
        List<AppHolding> rows = page.stream().limit(limit).map(d -> new AppHolding(d.subject(),
                d.holding().category(), d.holding().since(), d.holding().until(), d.holding().source(),
                d.holding().purposes(), d.holding().legalBasis(), d.holding().consentId(), d.holding().status()))
                .toList();
        String next = page.size() > limit ? Keyset.encode(HoldingsRepository.holderKeys(page.get(limit - 1))) : null;
        accessLog.read(rows.stream().map(AppHolding::subject).toList());
        return new AppHoldingsPage(app, category, at, rows, next);
    }
}
