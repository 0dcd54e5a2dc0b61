package org.consentledger.query.admin;

import java.util.List;
import org.consentledger.query.platform.ViewBatches;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN when a projection's processor is not running, one of its segments is in error, or its batches
 * keep rolling back (see {@link ViewBatches}), or the event store cannot be read.
 */
@Component("projectionsHealthIndicator")
class ProjectionsHealth implements HealthIndicator {

    private final Projections projections;
    private final ViewBatches batches;

    ProjectionsHealth(Projections projections, ViewBatches batches) {
        this.projections = projections;
        this.batches = batches;
    }

    @Override
    public Health health() {
        List<Projections.Status> statuses;
        try {
            statuses = projections.statuses();
        } catch (DataAccessException e) {
            return batches.health(Health.down().withDetail("error", "the event store cannot be read"));
        }
        boolean healthy = statuses.stream().allMatch(s -> s.running() && !s.error());
        Health.Builder health = healthy ? Health.up() : Health.down();
        statuses.forEach(s -> health.withDetail(s.name(), s));
        return batches.health(health);
    }
}
