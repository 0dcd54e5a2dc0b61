package org.consentledger.query.violations;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.BadRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ViolationsController {

    static final int MAX_LIMIT = 10_000;

    record ViolationsResponse(List<Violation> violations) {
    }

    private final ViolationsRepository repository;
    private final AccessLog accessLog;

    ViolationsController(ViolationsRepository repository, AccessLog accessLog) {
        this.repository = repository;
        this.accessLog = accessLog;
    }

    /**
     * Flagged collections, transfers and receipts, oldest first: optionally of one subject, one app
     * (as reporter, sender or recipient), with {@code at} in [{@code from}, {@code to}).
     */
    @Operation(summary = "Flagged collections, transfers and receipts",
            description = "One entry per flagged event with all its codes, oldest first; filter by subject, app "
                    + "(as reporter, sender or recipient) and [from, to) on the event's time; `order=desc` for the latest first.")
    @GetMapping("/api/v1/audit/violations")
    ViolationsResponse violations(@RequestParam(required = false) String subject,
                                  @RequestParam(required = false) String app,
                                  @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "1000") int limit,
                                  @RequestParam(defaultValue = "asc") String order) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("INVALID_PARAMETER", "limit must be between 1 and " + MAX_LIMIT);
        }
        Instant fromTime = from == null || from.isBlank() ? null : AsOf.instant("from", from);
        Instant toTime = to == null || to.isBlank() ? null : AsOf.instant("to", to);
        if (!order.equals("asc") && !order.equals("desc")) {
            throw new BadRequestException("INVALID_PARAMETER", "order must be asc (oldest first) or desc (newest first)");
        }
        List<Violation> found = repository.find(subject, app, fromTime, toTime, limit, order.equals("desc"));
        accessLog.read(found.stream().map(Violation::subject).toList());
        return new ViolationsResponse(found);
    }
}
