package org.consentledger.ledger.subject;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.isLive;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.annotation.SourceId;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.consentledger.contracts.access.RecordAccessCommand;
import org.consentledger.contracts.access.SubjectRecordAccessedEvent;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.consent.GrantConsentCommand;
import org.consentledger.contracts.consent.WithdrawConsentCommand;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.dataflow.RecordCollectionCommand;
import org.consentledger.contracts.dataflow.RecordErasureCommand;
import org.consentledger.contracts.dataflow.RecordReceiptCommand;
import org.consentledger.contracts.dataflow.RecordTransferCommand;
import org.consentledger.contracts.ingest.LedgerEvent;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;
import org.consentledger.contracts.subject.SubjectForgottenEvent;
import org.consentledger.contracts.subject.SubjectRecordStartedEvent;
import org.consentledger.contracts.verdict.JudgedEvent;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;

/**
 * Everything the ledger knows about one data subject. Every report about the person becomes an
 * event here, judged against that person's own history at the report's time: a collection,
 * transfer or receipt carries its verdict, and a report that changes the verdict on an earlier
 * entry (a late withdrawal, a late transfer) records that change too. The first report about a
 * subject starts its record: the aggregate, identified by a random surrogate (never the subject id,
 * which its stored events hold only sealed). Its snapshots are of a type of their own ({@link SubjectSnapshot}).
 */
@Aggregate(cache = SubjectCacheConfig.CACHE, commandTargetResolver = "subjectTargetResolver",
        snapshotTriggerDefinition = SubjectSnapshots.TRIGGER, snapshotFilter = SubjectSnapshots.FILTER)
public class DataSubject {

    @AggregateIdentifier
    private String record;
    private String subject;
    private final SubjectLedger ledger = new SubjectLedger();

    protected DataSubject() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(GrantConsentCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Granted(command.origin(), command.consent()),
                verdict -> new ConsentGrantedEvent(command.subject(), command.origin(), command.consent()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(WithdrawConsentCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Withdrawn(command.origin(), command.withdrawal()),
                verdict -> new ConsentWithdrawnEvent(command.subject(), command.origin(), command.withdrawal()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordCollectionCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Collected(command.origin(), command.collection()),
                verdict -> new DataCollectedEvent(command.subject(), command.origin(), command.collection(), verdict));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTransferCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Transferred(command.origin(), command.transfer(), command.recipient()),
                verdict -> new DataTransferredEvent(command.subject(), command.origin(), command.transfer(),
                        command.recipient(), verdict));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordReceiptCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Received(command.origin(), command.receipt()),
                verdict -> new DataReceivedEvent(command.subject(), command.origin(), command.receipt(), verdict));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordErasureCommand command, @MetaDataValue(value = SubjectCommand.RECORD, required = true) String record,
                SubjectHistories histories) {
        record(command.subject(), record, histories, new Fact.Erased(command.origin(), command.erasure()),
                verdict -> new DataErasedEvent(command.subject(), command.origin(), command.erasure()));
    }

    /** Someone other than the subject read its data: recorded in the record, changing nothing the rules see. */
    @CommandHandler
    void handle(RecordAccessCommand command) {
        apply(SubjectRecordAccessedEvent.of(command.access()));
    }

    /** The record was forgotten ({@code SubjectErasure} appends this, without loading the subject). */
    @EventSourcingHandler
    void on(SubjectForgottenEvent forgotten) {
        markDeleted();
    }

    /** Decides: judges the fact against the subject's state, changing nothing, and applies what it means. */
    private void record(String subject, String record, SubjectHistories histories, Fact fact,
                        Function<Verdict, Object> event) {
        if (this.record == null) {
            apply(new SubjectRecordStartedEvent(record, subject));
        }
        SubjectLedger.Judgement judgement = ledger.judge(fact, () -> histories.of(record), histories.tail());
        histories.count(judgement.from());
        apply(event.apply(judgement.verdict()));
        Origin cause = fact.origin();
        judgement.changed().forEach((entry, verdict) -> apply(new VerdictChangedEvent(subject, entry, verdict, cause)));
    }

    /** What a snapshot keeps of the subject ({@link SubjectSnapshots}); the history if its state is stale. */
    SubjectSnapshot snapshot(Supplier<History> history) {
        return ledger.snapshot(subject, history);
    }

    @EventSourcingHandler
    void on(SubjectRecordStartedEvent started) {
        record = started.record();
        subject = started.subject();
    }

    /** A snapshot read back: the subject's events after it follow. */
    @EventSourcingHandler
    void on(SubjectSnapshot snapshot, @SourceId String record) {
        this.record = record;
        subject = snapshot.subject();
        ledger.restore(snapshot);
    }

    /**
     * Every report about the subject: one just applied moves the judged state on as its command's
     * judgement decided (with the verdict the event carries); one read back from the store is held
     * until the subject is needed ({@link SubjectLedger#readBack}).
     */
    @EventSourcingHandler
    void on(LedgerEvent event, SubjectHistories histories) {
        Fact fact = Fact.of(event);
        if (isLive()) {
            ledger.judged(fact, event instanceof JudgedEvent judged ? judged.verdict() : null,
                    () -> histories.of(record), histories.tail());
        } else {
            ledger.readBack(fact, histories.tail());
        }
    }
}
