package org.consentledger.ledger.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.consentledger.storage.DatabaseFailures;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether Kafka ingestion makes progress: DOWN once that many batches in a row failed to be recorded
 * (the database or broker away, retried with backoff), with the kind of the last failure; UP again
 * with the next recorded batch. {@code ledger.ingest.consecutive.failures} counts them.
 */
@Component("ingestHealthIndicator")
class IngestHealth implements HealthIndicator {

    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final int downAfter;
    private final Clock clock;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;
    private volatile String stopped;

    IngestHealth(MeterRegistry registry, Clock clock, IngestProperties properties) {
        this.clock = clock;
        this.downAfter = properties.downAfterFailures();
        Gauge.builder("ledger.ingest.consecutive.failures", consecutiveFailures, AtomicInteger::get)
                .description("batches in a row that could not be recorded and are being retried").register(registry);
    }

    /** A consumer thread ended by a failure it cannot retry: DOWN until the service restarts. */
    void consumerStopped(Throwable failure) {
        stopped = DatabaseFailures.kind(failure);
    }

    void batchRecorded() {
        consecutiveFailures.set(0);
    }

    void batchFailed(Throwable failure) {
        lastFailure = DatabaseFailures.kind(failure);
        lastFailureAt = clock.instant();
        consecutiveFailures.incrementAndGet();
    }

    @Override
    public Health health() {
        int failures = consecutiveFailures.get();
        Health.Builder health = failures >= downAfter || stopped != null ? Health.down() : Health.up();
        if (stopped != null) {
            health.withDetail("consumerStopped", stopped);
        }
        health.withDetail("consecutiveFailures", failures);
        if (lastFailure != null) {
            health.withDetail("lastFailure", lastFailure).withDetail("lastFailureAt", lastFailureAt.toString());
        }
        return health.build();
    }
}
