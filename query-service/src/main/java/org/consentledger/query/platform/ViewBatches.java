package org.consentledger.query.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.storage.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the views' batches have been through. A batch whose writes the database refuses rolls back;
 * the events of the refused statement become suspects, and when the batch is retried each suspect's
 * statements are first tried alone (in a savepoint, rolled back): the one the database refuses fails
 * in its handler, so Axon parks it in the sequenced dead-letter queue with every later event of its
 * subject, its writes are dropped from the batch, and the batch commits without it. Counts the
 * batches that rolled back in a row ({@code ledger.projection.consecutive.failures}) for health.
 */
@Component
public class ViewBatches {

    private static final Logger log = LoggerFactory.getLogger(ViewBatches.class);
    private static final String BATCH = ViewBatches.class.getName() + ".batch";
    /** Bounds memory if batches keep failing for a reason no single event explains. */
    private static final int MAX_SUSPECTS = 100_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final int downAfter;
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    /**
     * One batch: the suspects tried alone in it, those of them whose writes are dropped, and a failure
     * of the database (not of an event) met while trying one, which fails the batch at commit.
     */
    static final class Batch {
        final Set<String> tried = new HashSet<>();
        final Set<String> poisoned = new HashSet<>();
        RuntimeException unavailable;
    }

    public ViewBatches(JdbcTemplate jdbc, Clock clock, MeterRegistry registry,
                ViewsProperties views) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.downAfter = views.downAfterFailures();
        Gauge.builder("ledger.projection.consecutive.failures", consecutiveFailures, AtomicInteger::get)
                .description("views batches in a row that rolled back and are being retried").register(registry);
    }

    /** A projection's writes, guarded by this. */
    public BatchedWrites writes() {
        return new BatchedWrites(jdbc, this);
    }

    /** This batch's state; its outcome is counted once, and its tried suspects are cleared once it commits. */
    Batch batch(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.afterCommit(u -> {
                consecutiveFailures.set(0);
                suspects.removeAll(batch.tried);
            });
            unitOfWork.onRollback(u -> rolledBack(u.getExecutionResult() == null ? null
                    : u.getExecutionResult().getExceptionResult()));
            return batch;
        });
    }

    boolean isSuspect(String eventId) {
        return !suspects.isEmpty() && eventId != null && suspects.contains(eventId);
    }

    /** A statement of these events was refused: for their content, they are tried alone when the batch is retried. */
    void refused(Collection<String> eventIds, RuntimeException cause) {
        SQLException sql = DatabaseFailures.sqlError(cause);
        if (sql == null || !DatabaseFailures.isContent(sql)) {
            return;
        }
        if (suspects.size() + eventIds.size() > MAX_SUSPECTS) {
            suspects.clear();
        }
        eventIds.stream().filter(id -> id != null).forEach(suspects::add);
        log.warn("the database refused a views batch ({}); its {} events of the refused statement are tried one "
                + "by one when it is retried", DatabaseFailures.kind(cause), eventIds.size());
    }

    private void rolledBack(Throwable cause) {
        lastFailure = cause == null ? "unknown" : DatabaseFailures.kind(cause);
        lastFailureAt = clock.instant();
        consecutiveFailures.incrementAndGet();
    }

    /** DOWN once that many batches in a row rolled back, with the kind of the last failure. */
    public Health health(Health.Builder health) {
        int failures = consecutiveFailures.get();
        if (failures >= downAfter) {
            health.down();
        }
        health.withDetail("consecutiveBatchFailures", failures);
        if (lastFailure != null) {
            health.withDetail("lastBatchFailure", lastFailure).withDetail("lastBatchFailureAt", lastFailureAt.toString());
        }
        return health.build();
    }
}
