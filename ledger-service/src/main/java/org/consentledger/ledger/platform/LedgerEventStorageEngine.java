package org.consentledger.ledger.platform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractSequencedDomainEventEntry;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JPA event store with five changes to how entries are appended and read, none to what is stored:
 * <ul>
 * <li>the global index comes from {@link GlobalIndexes} (values drawn in blocks) rather than from
 *     Hibernate, which asks the sequence once per entry ({@code META-INF/orm.xml} maps it as assigned);
 * <li>entries are read-only in the persistence context: never changed after they are written, they
 *     need no dirty check at a flush, where hundreds of pending entries would otherwise be compared
 *     byte by byte;
 * <li>reading an aggregate's events (a subject not in the cache, or a late report's history) does not
 *     make Hibernate flush the whole persistence context first, a pass over every entry the poll has
 *     appended so far, per read: most of the ingest threads' time at a million events. Entries of
 *     that aggregate still unwritten are flushed first, so a read sees its own transaction's appends;
 * <li>a subject without a snapshot is read without asking for one. Axon asks on every load, and a
 *     subject leaves the cache and is loaded again many times (at a million events 150,000 loads,
 *     7 % of the ledger's CPU in the snapshot query), while only subjects with thousands of events
 *     have one. The engine keeps the set of subjects with a snapshot: read from the table at most
 *     once a {@link #SNAPSHOTS_REREAD minute}, and added to as this instance stores one. A snapshot
 *     another instance stored since is missed until then, and the subject read from its events: the
 *     same state, only slower;
 * <li>a snapshot is written with JDBC, without the copy of its payload that Hibernate keeps for
 *     dirty checking (see {@link #storeSnapshot}).
 * </ul>
 */
class LedgerEventStorageEngine extends JpaEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(LedgerEventStorageEngine.class);
    private static final VarHandle GLOBAL_INDEX;
    private static final Duration SNAPSHOTS_REREAD = Duration.ofMinutes(1);

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
    /** The subjects with a stored snapshot, as last read from the table (null before the first read). */
    private volatile Snapshotted snapshotted;

    private record Snapshotted(Set<String> subjects, long readAt) {

        boolean stale() {
            return System.nanoTime() - readAt > SNAPSHOTS_REREAD.toNanos();
        }
    }

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
            Set<String> unflushed = unflushedAggregates();
            for (int i = 0; i < indexes.length; i++) {
                Object entry = createEventEntity(events.get(i), serializer);
                GLOBAL_INDEX.set(entry, indexes[i]);
                session.persist(entry);
                session.setReadOnly(entry, true);
                if (events.get(i) instanceof DomainEventMessage<?> event) {
                    unflushed.add(event.getAggregateIdentifier());
                }
            }
        });
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier, long firstSequenceNumber,
                                                                   int batchSize) {
        return transactionManager.fetchInTransaction(() -> {
            Session session = entityManager().unwrap(Session.class);
            Set<String> unflushed = unflushedAggregates();
            if (unflushed.contains(aggregateIdentifier)) {
                session.flush();
                unflushed.clear();
            }
            return withoutAutoFlush(session, () -> super.fetchDomainEvents(aggregateIdentifier, firstSequenceNumber,
                    batchSize));
        });
    }

    /** Snapshots are never appended in a transaction that reads them, so nothing needs flushing first. */
    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        if (!withSnapshots().contains(aggregateIdentifier)) {
            return Stream.empty();
        }
        log.debug("{} is read from its snapshot", aggregateIdentifier);
        return transactionManager.fetchInTransaction(() -> withoutAutoFlush(entityManager().unwrap(Session.class),
                () -> super.readSnapshotData(aggregateIdentifier)));
    }

    /**
     * Writes the snapshot with JDBC, where Axon merges it through Hibernate, which copies the payload
     * once more for its dirty checking: the busiest subject's snapshot is 17 MB of JSON at a million
     * events, and that copy ran the snapshot thread out of heap. Then drops the subject's older
     * snapshots with Axon's own query. A snapshot already stored (another instance's) is left as it is.
     */
    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        @SuppressWarnings("unchecked")
        DomainEventData<byte[]> entry = (DomainEventData<byte[]>) createSnapshotEntity(snapshot, serializer);
        transactionManager.executeInTransaction(() -> {
            entityManager().unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                          time_stamp, payload_type, payload_revision, payload, meta_data)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
                    insert.setString(1, entry.getAggregateIdentifier());
                    insert.setLong(2, entry.getSequenceNumber());
                    insert.setString(3, entry.getType());
                    insert.setString(4, entry.getEventIdentifier());
                    insert.setString(5, DateTimeUtils.formatInstant(entry.getTimestamp()));
                    insert.setString(6, entry.getPayload().getType().getName());
                    insert.setString(7, entry.getPayload().getType().getRevision());
                    insert.setBytes(8, entry.getPayload().getData());
                    insert.setBytes(9, entry.getMetaData().getData());
                    insert.executeUpdate();
                }
            });
            deleteSnapshots(entry.getAggregateIdentifier(), entry.getSequenceNumber());
        });
        withSnapshots().add(snapshot.getAggregateIdentifier());
    }

    /** The subjects with a stored snapshot, read from the table again once older than {@link #SNAPSHOTS_REREAD}. */
    private Set<String> withSnapshots() {
        Snapshotted known = snapshotted;
        if (known == null || known.stale()) {
            synchronized (this) {
                known = snapshotted;
                if (known == null || known.stale()) {
                    Set<String> subjects = ConcurrentHashMap.newKeySet();
                    subjects.addAll(transactionManager.fetchInTransaction(() -> withoutAutoFlush(
                            entityManager().unwrap(Session.class), () -> entityManager().createQuery(
                                    "select distinct e.aggregateIdentifier from " + snapshotEventEntryEntityName() + " e",
                                    String.class).getResultList())));
                    known = new Snapshotted(subjects, System.nanoTime());
                    snapshotted = known;
                }
            }
        }
        return known.subjects();
    }

    private static <T> T withoutAutoFlush(Session session, Supplier<T> query) {
        FlushMode mode = session.getHibernateFlushMode();
        session.setHibernateFlushMode(FlushMode.MANUAL);
        try {
            return query.get();
        } finally {
            session.setHibernateFlushMode(mode);
        }
    }

    /** Aggregates with entries appended in this transaction and not yet written. */
    private Set<String> unflushedAggregates() {
        return TransactionResources.bound(this, HashSet::new);
    }
}
