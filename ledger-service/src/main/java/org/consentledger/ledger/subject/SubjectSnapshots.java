package org.consentledger.ledger.subject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Snapshots long-lived subjects, so that loading one (after a restart, or once it left the cache)
 * reads its latest snapshot and the events after it instead of its whole history. A snapshot is
 * taken after every {@code ledger.snapshot-after} events of a subject, from the stored events on a
 * thread of its own once the batch that crossed the threshold has committed (so that it sees the
 * batch's events): the ingest threads neither wait for it nor see it fail (a
 * failed one is logged and taken at the next threshold). Axon logs and drops the exceptions it
 * catches; an error it lets through (a busiest subject's snapshot can run out of heap) is counted in
 * {@code ledger.snapshots.failed} and logged here, where it would otherwise end the thread with a
 * line on standard error only.
 */
@org.springframework.context.annotation.Configuration
class SubjectSnapshots {

    static final String TRIGGER = "subjectSnapshotTrigger";
    static final String FILTER = "subjectSnapshotFilter";
    private static final Logger log = LoggerFactory.getLogger(SubjectSnapshots.class);

    /** Not a bean: an executor bean would take the place of Spring Boot's own task executor. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "subject-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    private final Counter failed;

    SubjectSnapshots(MeterRegistry registry) {
        this.failed = Counter.builder("ledger.snapshots.failed")
                .description("subject snapshots that failed with an error, such as running out of heap")
                .register(registry);
    }

    /** Snapshots still waiting are dropped: the database may already be going away; the next threshold takes them. */
    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Axon's own snapshotter, as Spring Boot would configure it, on that thread. */
    @Bean
    SpringAggregateSnapshotter subjectSnapshotter(Configuration configuration, EventStore eventStore,
                                                  TransactionManager transactionManager,
                                                  ParameterResolverFactory parameterResolverFactory,
                                                  HandlerDefinition handlerDefinition, SubjectHistories histories) {
        return new Snapshotter(SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .eventStore(eventStore)
                .transactionManager(transactionManager)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(afterCompletion(countingFailures(executor, failed))), histories);
    }

    /**
     * Axon's snapshotter, storing a {@link SubjectSnapshot} rather than the aggregate itself; a subject
     * whose read-back state is stale (a report stored after one it happened before) is judged from its
     * history up to the snapshot first, on the snapshot's thread, where no ingest thread waits for it.
     */
    static final class Snapshotter extends SpringAggregateSnapshotter {

        private final SubjectHistories histories;

        Snapshotter(SpringAggregateSnapshotter.Builder builder, SubjectHistories histories) {
            super(builder);
            this.histories = histories;
        }

        @Override
        protected DomainEventMessage createSnapshot(Class<?> aggregateType, String aggregateIdentifier,
                                                    DomainEventStream eventStream) {
            DomainEventMessage<?> aggregate = super.createSnapshot(aggregateType, aggregateIdentifier, eventStream);
            if (aggregate == null || !(aggregate.getPayload() instanceof DataSubject subject)) {
                return aggregate;
            }
            long sequence = aggregate.getSequenceNumber();
            return new GenericDomainEventMessage<>(aggregate.getType(), aggregateIdentifier, sequence,
                    subject.snapshot(() -> histories.upTo(aggregateIdentifier, sequence)));
        }
    }

    /**
     * Of a subject's snapshots, only those of the current form are read; any other (an older revision,
     * or the aggregate itself, as snapshots were stored before) is passed over for the subject's events.
     */
    @Bean(FILTER)
    SnapshotFilter subjectSnapshotFilter() {
        return snapshot -> !DataSubject.class.getSimpleName().equals(snapshot.getType())
                || SubjectSnapshot.class.getName().equals(snapshot.getPayload().getType().getName())
                && SubjectSnapshot.REVISION.equals(snapshot.getPayload().getType().getRevision());
    }

    /**
     * Hands a task to the executor once the current database transaction has ended, or at once
     * outside one. Also after a rollback: the snapshotter marks a subject's snapshot as under way
     * until its task has run, and a task that never ran would keep that subject from being
     * snapshotted again (the snapshot then covers what was committed before).
     */
    private static Executor afterCompletion(Executor executor) {
        return task -> {
            if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                executor.execute(task);
                return;
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    executor.execute(task);
                }
            });
        };
    }

    /** Runs each task; one that fails with an error is counted and logged, and the thread goes on. */
    static Executor countingFailures(Executor executor, Counter failed) {
        return task -> executor.execute(() -> {
            try {
                task.run();
            } catch (Throwable e) {
                failed.increment();
                log.error("a subject's snapshot failed; it is taken again at the next threshold", e);
            }
        });
    }

    @Bean(TRIGGER)
    SnapshotTriggerDefinition subjectSnapshotTrigger(SpringAggregateSnapshotter subjectSnapshotter,
                                                     SubjectProperties subjects) {
        return new EventCountSnapshotTriggerDefinition(subjectSnapshotter, subjects.snapshotAfter());
    }
}
