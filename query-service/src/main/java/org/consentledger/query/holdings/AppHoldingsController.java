package org.consentledger.query.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.BadRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AppHoldingsController {

    static final int MAX_PAGE = 1000;

    record AppHolding(String subject, String category, Instant since, Instant until, Holding.Source source,
                      List<String> purposes, String legalBasis, String consentId, String status) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record AppHoldingsPage(String app, String category, Instant asOf, List<AppHolding> holdings, String next) {
    }

    private final ObjectMapper json = new ObjectMapper();
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
        if (limit < 1 || limit > MAX_PAGE) {
            throw new BadRequestException("INVALID_PARAMETER", "limit must be between 1 and " + MAX_PAGE);
        }
        Instant at = AsOf.parse("asOf", asOf, clock);
        apps.requireKnown(app);
        List<HoldingDetail> page = holdings.ofHolder(app, category, at, decode(after), limit + 1);
        List<AppHolding> rows = page.stream().limit(limit).map(d -> new AppHolding(d.subject(),
                d.holding().category(), d.holding().since(), d.holding().until(), d.holding().source(),
                d.holding().purposes(), d.holding().legalBasis(), d.holding().consentId(), d.holding().status()))
                .toList();
        String next = page.size() > limit ? encode(page.get(limit - 1).cursor()) : null;
        accessLog.read(rows.stream().map(AppHolding::subject).toList());
        return new AppHoldingsPage(app, category, at, rows, next);
    }

    private String encode(HoldingsRepository.Cursor cursor) {
        try {
            byte[] bytes = json.writeValueAsBytes(List.of(cursor.subject(), cursor.category(), cursor.entryApp(),
                    cursor.entryId()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HoldingsRepository.Cursor decode(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            String[] keys = json.readValue(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8),
                    String[].class);
            return new HoldingsRepository.Cursor(keys[0], keys[1], keys[2], keys[3]);
        } catch (IllegalArgumentException | java.io.IOException | ArrayIndexOutOfBoundsException e) {
            throw new BadRequestException("INVALID_PARAMETER", "after='" + after + "' is not a cursor from a `next` link");
        }
    }
}
