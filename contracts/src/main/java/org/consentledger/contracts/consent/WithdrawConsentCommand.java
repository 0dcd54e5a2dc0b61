package org.consentledger.contracts.consent;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

public record WithdrawConsentCommand(@TargetAggregateIdentifier String subject, Origin origin, ConsentWithdrawn withdrawal)
        implements SubjectCommand {
}
