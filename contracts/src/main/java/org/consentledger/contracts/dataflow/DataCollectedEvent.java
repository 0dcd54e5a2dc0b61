package org.consentledger.contracts.dataflow;

import org.axonframework.serialization.Revision;
import org.consentledger.contracts.ingest.LedgerEvent;
import org.consentledger.contracts.ingest.Origin;

@Revision("1")
public record DataCollectedEvent(String subject, Origin origin, DataCollected collection) implements LedgerEvent {
}
