package org.consentledger.query.history;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HistoryController {

    record HistoryResponse(String subject, List<HistoryEntry> entries) {
    }

    private final HistoryRepository history;
    private final AccessLog accessLog;

    HistoryController(HistoryRepository history, AccessLog accessLog) {
        this.history = history;
        this.accessLog = accessLog;
    }

    @Operation(summary = "Every accepted report about a subject",
            description = "Oldest first (by when it happened, then when it was recorded); one entry per accepted "
                    + "integration event, with its data as sent and its current violations.")
    @GetMapping("/api/v1/subjects/{subject}/history")
    HistoryResponse history(@PathVariable String subject) {
        accessLog.read(subject);
        return new HistoryResponse(subject, history.entries(subject));
    }
}
