package org.consentledger.query.accesses;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccessesController {

    record AccessesResponse(String subject, List<Accesses.SubjectAccess> accesses) {
    }

    private final Accesses accesses;
    private final AccessLog accessLog;
    private final Clock clock;

    AccessesController(Accesses accesses, AccessLog accessLog, Clock clock) {
        this.accesses = accesses;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @Operation(summary = "Who looked at a subject's record: every read of its data by someone else, newest first",
            description = "Role, accessor (an app's id, else the reader's token subject), endpoint, time and the purpose "
                    + "given in the Ledger-Access-Purpose header. The subject's own reads are not listed.")
    @GetMapping("/api/v1/subjects/{subject}/accesses")
    AccessesResponse accesses(@PathVariable String subject) {
        accessLog.read(subject);
        return new AccessesResponse(subject, accesses.of(subject, clock.instant()));
    }
}
