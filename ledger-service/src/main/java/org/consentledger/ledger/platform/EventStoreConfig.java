package org.consentledger.ledger.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.consentledger.storage.EventTables;
import org.springframework.context.annotation.Bean;

/**
 * Axon's JDBC event store, as Spring Boot's Axon starter configures it, on the tables the read side
 * reads ({@link EventTables}), with one change: a batch's events are appended by one statement
 * ({@link AppendInOneStatement}).
 */
@org.springframework.context.annotation.Configuration
class EventStoreConfig {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          Configuration configuration, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EventTables.schema())
                .appendEvents(new AppendInOneStatement())
                .build();
    }
}
