package org.consentledger.ledger.erasure;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.consentledger.contracts.ingest.SubjectCommand;
import org.consentledger.contracts.subject.ForgetSubjectCommand;
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
    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Cache subjects;
    private final Clock clock;

    SubjectErasure(SubjectKeys keys, CommandGateway commands, TransactionManager transactions, JdbcTemplate jdbc,
                   @Qualifier("subjectCache") Cache subjects, Clock clock) {
        this.keys = keys;
        this.commands = commands;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.subjects = subjects;
        this.clock = clock;
    }

    /** Forgets {@code subject}, whether or not the ledger knows of it (an unknown one is remembered as forgotten too). */
    public void forget(String subject) {
        Instant now = clock.instant();
        UnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        unit.attachTransaction(transactions);
        ResultMessage<Optional<String>> result = unit.executeWithResult(() -> {
            Optional<String> record = keys.recordOf(subject);
            record.ifPresent(r -> commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new ForgetSubjectCommand(subject, now)).andMetaData(Map.of(SubjectCommand.RECORD, r))));
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
