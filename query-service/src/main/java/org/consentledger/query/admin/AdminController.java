package org.consentledger.query.admin;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Operating the read side: projection progress and rebuilds, projection dead letters. */
@RestController
class AdminController {

    record ProjectionsResponse(List<Projections.Status> projections) {
    }

    record DeadLettersResponse(List<DeadLetters.Letter> deadLetters) {
    }

    private final Projections projections;
    private final DeadLetters deadLetters;

    AdminController(Projections projections, DeadLetters deadLetters) {
        this.projections = projections;
        this.deadLetters = deadLetters;
    }

    @Operation(summary = "Every projection: position against the event store's head, percent, events/s, replaying, error")
    @GetMapping("/api/v1/admin/projections")
    ProjectionsResponse projections() {
        return new ProjectionsResponse(projections.statuses());
    }

    @Operation(summary = "Rebuild a projection from scratch (replay)",
            description = "Resets the processor's tokens; its tables are cleared and every event projected again. "
                    + "Poll GET /api/v1/admin/projections for progress; progress is also logged every 5 s.")
    @PostMapping("/api/v1/admin/projections/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Projections.Status rebuild(@PathVariable String name) {
        return projections.rebuild(name);
    }

    @Operation(summary = "Stop a projection's processor in this instance",
            description = "It releases its segments; other instances claim them. Before a rebuild with several "
                    + "instances, stop it on all but the one that rebuilds.")
    @PostMapping("/api/v1/admin/projections/{name}/stop")
    Projections.Status stop(@PathVariable String name) {
        return projections.stop(name);
    }

    @Operation(summary = "Start a projection's processor in this instance again")
    @PostMapping("/api/v1/admin/projections/{name}/start")
    Projections.Status start(@PathVariable String name) {
        return projections.start(name);
    }

    @Operation(summary = "Events a projection failed on, parked per subject")
    @GetMapping("/api/v1/admin/dead-letters")
    DeadLettersResponse deadLetters(@RequestParam(required = false) String projection) {
        return new DeadLettersResponse(deadLetters.list(projection));
    }

    @Operation(summary = "Retry a projection's parked events", description = "Answers how many sequences succeeded.")
    @PostMapping("/api/v1/admin/dead-letters/{projection}/retry")
    Map<String, Integer> retry(@PathVariable String projection) {
        return Map.of("succeeded", deadLetters.retry(projection));
    }

    @Operation(summary = "Drop a subject's parked events from a projection's dead letters, for good")
    @DeleteMapping("/api/v1/admin/dead-letters/{projection}/{sequence}")
    Map<String, Integer> evict(@PathVariable String projection, @PathVariable String sequence) {
        return Map.of("evicted", deadLetters.evict(projection, sequence));
    }
}
