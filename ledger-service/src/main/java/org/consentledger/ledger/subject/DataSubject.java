package org.consentledger.ledger.subject;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
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

/**
 * Everything the ledger knows about one data subject. Every report about the person becomes an
 * event here, so all rules about a person are judged against that person's own history. The first
 * report about a subject creates the aggregate.
 */
@Aggregate
public class DataSubject {

    @AggregateIdentifier
    private String subject;

    protected DataSubject() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(GrantConsentCommand command) {
        apply(new ConsentGrantedEvent(command.subject(), command.origin(), command.consent()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(WithdrawConsentCommand command) {
        apply(new ConsentWithdrawnEvent(command.subject(), command.origin(), command.withdrawal()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordCollectionCommand command) {
        apply(new DataCollectedEvent(command.subject(), command.origin(), command.collection()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTransferCommand command) {
        apply(new DataTransferredEvent(command.subject(), command.origin(), command.transfer()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordReceiptCommand command) {
        apply(new DataReceivedEvent(command.subject(), command.origin(), command.receipt()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordErasureCommand command) {
        apply(new DataErasedEvent(command.subject(), command.origin(), command.erasure()));
    }

    @EventSourcingHandler
    void on(LedgerEvent event) {
        subject = event.subject();
    }
}
