package org.consentledger.contracts.dataflow;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

public record RecordErasureCommand(@TargetAggregateIdentifier String subject, Origin origin, DataErased erasure)
        implements SubjectCommand {
}
