package org.consentledger.contracts.consent;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;

public record GrantConsentCommand(@TargetAggregateIdentifier String subject, Origin origin, ConsentGranted consent) {
}
