package org.consentledger.contracts.dataflow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

public record RecordTransferCommand(@TargetAggregateIdentifier String subject, Origin origin, DataTransferred transfer,
                                    RecipientFacts recipient) implements SubjectCommand {
}
