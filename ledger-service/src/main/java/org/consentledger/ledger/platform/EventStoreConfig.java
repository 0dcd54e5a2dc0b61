package org.consentledger.ledger.platform;

import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.consentledger.storage.EventTables;
import org.consentledger.storage.sealing.SealedTypes;
import org.consentledger.storage.sealing.SubjectKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Bean;

/**
 * Axon's JDBC event store, as Spring Boot's Axon starter configures it, on the tables the read side
 * reads ({@link EventTables}), with three changes: a batch's events are appended by one statement,
 * a subject's events and snapshots sealed ({@link AppendInOneStatement}), a subject is read without asking for an empty batch last, and
 * without asking for a snapshot it does not have ({@link LedgerEventStorageEngine}).
 */
@org.springframework.context.annotation.Configuration
class EventStoreConfig {

    private static final Logger log = LoggerFactory.getLogger(EventStoreConfig.class);

    /**
     * A subject's events are read in batches of sequence numbers, which have no gaps: a batch with
     * fewer events than asked for is the last. Axon's JDBC engine otherwise asks once more, for an
     * empty batch, at every load of a subject.
     */
    private static final int BATCH = 100;
    private static final Predicate<List<? extends DomainEventData<?>>> FEWER_THAN_A_BATCH = batch -> batch.size() < BATCH;

    /** The aggregates' snapshot filters (a snapshot of another form is passed over), saying which way they went. */
    private static SnapshotFilter logged(SnapshotFilter filter) {
        return snapshot -> {
            boolean allowed = filter.allow(snapshot);
            log.debug("{} is read {}", snapshot.getAggregateIdentifier(), allowed ? "from its snapshot"
                    : "from its events: its snapshot (" + snapshot.getPayload().getType() + ") is passed over");
            return allowed;
        };
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager, JdbcTemplate jdbc, Clock clock,
                                          SubjectKeys keys, SealedTypes sealedTypes) {
        AppendInOneStatement append = new AppendInOneStatement(keys, sealedTypes);
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(logged(configuration.snapshotFilter()))
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EventTables.schema())
                .appendEvents(append)
                .appendSnapshot(append)
                .batchSize(BATCH)
                .finalAggregateBatchPredicate(FEWER_THAN_A_BATCH), jdbc, clock);
    }
}
