package org.consentledger.query.admin;

import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** DOWN when a projection's processor is not running or one of its segments is in error. */
@Component("projectionsHealthIndicator")
class ProjectionsHealth implements HealthIndicator {

    private final Projections projections;

    ProjectionsHealth(Projections projections) {
        this.projections = projections;
    }

    @Override
    public Health health() {
        List<Projections.Status> statuses = projections.statuses();
        boolean healthy = statuses.stream().allMatch(s -> s.running() && !s.error());
        Health.Builder health = healthy ? Health.up() : Health.down();
        statuses.forEach(s -> health.withDetail(s.name(), s));
        return health.build();
    }
}
