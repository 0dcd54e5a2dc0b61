package org.consentledger.query.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.Keyset;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HistoryController {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record HistoryResponse(String subject, List<HistoryEntry> entries, String next) {
    }

    private final HistoryRepository history;
    private final AccessLog accessLog;

    HistoryController(HistoryRepository history, AccessLog accessLog) {
        this.history = history;
        this.accessLog = accessLog;
    }

    @Operation(summary = "Every accepted report about a subject",
            description = "Oldest first (by when it happened, then when it was recorded); one entry per accepted "
                    + "integration event, with its data as sent and its current violations. Keyset-paged: at most "
                    + "`limit` entries (1-1000, default 1000), and `next`, null on the last page, passed as `after`.")
    @GetMapping("/api/v1/subjects/{subject}/history")
    HistoryResponse history(@PathVariable String subject, @RequestParam(defaultValue = "1000") int limit,
                            @RequestParam(required = false) String after) {
        Keyset.limit(limit);
        List<String> from = Keyset.decode(after, 4);
        accessLog.read(subject);
        List<HistoryEntry> page = history.entries(subject, from, limit + 1L);
        String next = page.size() > limit ? Keyset.encode(HistoryRepository.keys(page.get(limit - 1))) : null;
        return new HistoryResponse(subject, page.subList(0, Math.min(limit, page.size())), next);
    }
}
