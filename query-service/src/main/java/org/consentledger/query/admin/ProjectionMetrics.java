package org.consentledger.query.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-side metrics: per projection its lag behind the event store (events) and its parked dead
 * letters (sequences); the number of flagged entries in the ledger.
 */
@Component
class ProjectionMetrics implements MeterBinder {

    private final Projections projections;
    private final DeadLetters deadLetters;
    private final JdbcTemplate jdbc;

    ProjectionMetrics(Projections projections, DeadLetters deadLetters, JdbcTemplate jdbc) {
        this.projections = projections;
        this.deadLetters = deadLetters;
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : projections.names()) {
            Gauge.builder("ledger.projection.lag", () -> {
                Projections.Status status = projections.status(name);
                return Math.max(0, status.head() - status.position());
            }).tag("projection", name).description("events the projection is behind the event store").register(registry);
            Gauge.builder("ledger.projection.dead.letters", () -> deadLetters.size(name)).tag("projection", name)
                    .description("subjects whose events the projection parked").register(registry);
        }
        Gauge.builder("ledger.violations", () -> jdbc.queryForObject("select count(*) from violation", Long.class))
                .description("flagged collections, transfers and receipts").register(registry);
    }
}
