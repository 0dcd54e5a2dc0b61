package org.consentledger.ledger.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.consentledger.contracts.storage.DatabaseFailures;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether Kafka ingestion makes progress: DOWN once that many polls in a row failed to be recorded
 * (the database or broker away, retried with backoff), with the kind of the last failure; UP again
 * with the next recorded poll. {@code ledger.ingest.consecutive.failures} counts them.
 */
@Component("ingestHealthIndicator")
class IngestHealth implements HealthIndicator {

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final int downAfter;
    private final Clock clock;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    IngestHealth(MeterRegistry registry, Clock clock, @Value("${ledger.ingest.down-after-failures:3}") int downAfter) {
        this.clock = clock;
        this.downAfter = downAfter;
        Gauge.builder("ledger.ingest.consecutive.failures", consecutiveFailures, AtomicInteger::get)
                .description("polls in a row that could not be recorded and are being retried").register(registry);
    }

    void pollRecorded() {
        consecutiveFailures.set(0);
    }

    void pollFailed(Throwable failure) {
        lastFailure = DatabaseFailures.kind(failure);
        lastFailureAt = clock.instant();
        consecutiveFailures.incrementAndGet();
    }

    @Override
    public Health health() {
        int failures = consecutiveFailures.get();
        Health.Builder health = failures >= downAfter ? Health.down() : Health.up();
        health.withDetail("consecutiveFailures", failures);
        if (lastFailure != null) {
            health.withDetail("lastFailure", lastFailure).withDetail("lastFailureAt", lastFailureAt.toString());
        }
        return health.build();
    }
}
