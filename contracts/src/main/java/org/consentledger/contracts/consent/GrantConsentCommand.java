package org.consentledger.contracts.consent;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;

public record GrantConsentCommand(@TargetAggregateIdentifier String subject, Origin origin, ConsentGranted consent)
        implements SubjectCommand {
}
