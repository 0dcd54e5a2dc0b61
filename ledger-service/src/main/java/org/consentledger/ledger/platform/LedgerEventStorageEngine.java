package org.consentledger.ledger.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractSequencedDomainEventEntry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.hibernate.Session;

/**
 * Axon's JPA event store with two changes to how entries are appended, none to what is stored:
 * <ul>
 * <li>the global index comes from {@link GlobalIndexes} (values drawn in blocks) rather than from
 *     Hibernate, which asks the sequence once per entry ({@code META-INF/orm.xml} maps it as assigned);
 * <li>entries are read-only in the persistence context: never changed after they are written, they
 *     need no dirty check at every flush Hibernate runs before a query (an aggregate loaded from the
 *     store), where hundreds of pending entries would otherwise be compared byte by byte.
 * </ul>
 */
class LedgerEventStorageEngine extends JpaEventStorageEngine {

    private static final VarHandle GLOBAL_INDEX;

    static {
        try {
            GLOBAL_INDEX = MethodHandles.privateLookupIn(AbstractSequencedDomainEventEntry.class, MethodHandles.lookup())
                    .findVarHandle(AbstractSequencedDomainEventEntry.class, "globalIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TransactionManager transactionManager;
    private final GlobalIndexes globalIndexes;

    LedgerEventStorageEngine(Builder builder, TransactionManager transactionManager, GlobalIndexes globalIndexes) {
        super(builder.transactionManager(transactionManager));
        this.transactionManager = transactionManager;
        this.globalIndexes = globalIndexes;
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        transactionManager.executeInTransaction(() -> {
            Session session = entityManager().unwrap(Session.class);
            long[] indexes = globalIndexes.take(events.size());
            for (int i = 0; i < indexes.length; i++) {
                Object entry = createEventEntity(events.get(i), serializer);
                GLOBAL_INDEX.set(entry, indexes[i]);
                session.persist(entry);
                session.setReadOnly(entry, true);
            }
        });
    }
}
