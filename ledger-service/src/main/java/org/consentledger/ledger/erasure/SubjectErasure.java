package org.consentledger.ledger.erasure;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.contracts.subject.SubjectForgottenEvent;
import org.consentledger.ledger.subject.DataSubject;
import org.consentledger.storage.EventTables;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Forgets a subject (GDPR Art. 17) in one transaction: a {@code SubjectForgottenEvent} closes its
 * record, its key and lookup row are deleted (its stored events stay, sealed, and open no more), its
 * snapshots are deleted, and only the keyed hash of its id is kept to answer 410. The read side
 * deletes its rows of the subject when it projects the event; every instance drops the record from
 * memory ({@link ForgottenRecords}).
 */
@Service
public class SubjectErasure {

    private final SubjectKeys keys;
    private final EventStore events;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Cache subjects;
    private final Clock clock;

    SubjectErasure(SubjectKeys keys, EventStore events, TransactionManager transactions, JdbcTemplate jdbc,
                   @Qualifier("subjectCache") Cache subjects, Clock clock) {
        this.keys = keys;
        this.events = events;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.clock = clock;
    }

    /**
     * Forgets {@code subject}, whether or not the ledger knows of it (an unknown one is remembered as
     * forgotten too). Tried twice: a report appended to the record meanwhile takes the sequence number.
     */
    public void forget(String subject) {
        try {
            forgetOnce(subject);
        } catch (RuntimeException e) {
            forgetOnce(subject);
        }
    }

    private void forgetOnce(String subject) {
        Instant now = clock.instant();
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        unit.attachTransaction(transactions);
        ResultMessage<Optional<String>> result = unit.executeWithResult(() -> {
            Optional<String> record = keys.recordOf(subject);
            // appended to the record without loading it: a person is forgotten even if their history cannot be read
            record.ifPresent(r -> events.publish(new GenericDomainEventMessage<>(DataSubject.class.getSimpleName(), r,
                    events.lastSequenceNumberFor(r).map(last -> last + 1).orElse(0L), new SubjectForgottenEvent(now))));
            keys.forget(subject, now);
            record.ifPresent(r -> jdbc.update("delete from " + EventTables.schema().snapshotTable()
                    + " where " + EventTables.schema().aggregateIdentifierColumn() + " = ?", r));
            return record;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
        }
        result.getPayload().ifPresent(subjects::remove);
    }
}
