package org.consentledger.contracts.consent;

import org.axonframework.serialization.Revision;
import org.consentledger.contracts.ingest.LedgerEvent;
import org.consentledger.contracts.ingest.Origin;

@Revision("1")
public record ConsentWithdrawnEvent(String subject, Origin origin, ConsentWithdrawn withdrawal) implements LedgerEvent {
}
