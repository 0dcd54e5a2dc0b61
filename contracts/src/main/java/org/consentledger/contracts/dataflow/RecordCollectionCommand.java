package org.consentledger.contracts.dataflow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

public record RecordCollectionCommand(@TargetAggregateIdentifier String subject, Origin origin, DataCollected collection)
        implements SubjectCommand {
}
