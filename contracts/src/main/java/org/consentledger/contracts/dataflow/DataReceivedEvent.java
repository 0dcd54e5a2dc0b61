package org.consentledger.contracts.dataflow;

import org.axonframework.serialization.Revision;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.JudgedEvent;
import org.consentledger.contracts.verdict.Verdict;

@Revision("1")
public record DataReceivedEvent(String subject, Origin origin, DataReceived receipt, Verdict verdict) implements JudgedEvent {
}
