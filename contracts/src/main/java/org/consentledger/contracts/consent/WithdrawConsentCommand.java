package org.consentledger.contracts.consent;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;

public record WithdrawConsentCommand(@TargetAggregateIdentifier String subject, Origin origin, ConsentWithdrawn withdrawal) {
}
