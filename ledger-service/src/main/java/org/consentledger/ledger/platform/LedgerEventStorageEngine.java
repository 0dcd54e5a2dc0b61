package org.consentledger.ledger.platform;

import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.hibernate.Session;

/**
 * Axon's JPA event store, with appended entries marked read-only in the persistence context. An
 * entry is never changed after it is written, and a Kafka poll appends hundreds of them in one
 * transaction: as plain managed entities, every flush Hibernate runs before a query (an aggregate
 * loaded from the store) would compare each one's payload byte by byte.
 */
class LedgerEventStorageEngine extends JpaEventStorageEngine {

    private final TransactionManager transactionManager;

    LedgerEventStorageEngine(Builder builder, TransactionManager transactionManager) {
        super(builder.transactionManager(transactionManager));
        this.transactionManager = transactionManager;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        transactionManager.executeInTransaction(() -> {
            Session session = entityManager().unwrap(Session.class);
            for (EventMessage<?> event : events) {
                Object entry = createEventEntity(event, serializer);
                session.persist(entry);
                session.setReadOnly(entry, true);
            }
        });
    }
}
