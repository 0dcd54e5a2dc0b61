package org.consentledger.ledger.platform;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's JPA event store, without a flush after every append: a batch's events are written when
 * its transaction commits, as JDBC batches, instead of one flush (and one pass over the whole
 * persistence context) per command. A conflicting append then fails the batch's commit, which is
 * retried as a whole.
 */
@Configuration
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStoreConfig {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager, GlobalIndexes globalIndexes) {
        return new LedgerEventStorageEngine(JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .entityManagerProvider(entityManagerProvider)
                .explicitFlush(false), transactionManager, globalIndexes);
    }
}
