package org.consentledger.contracts.verdict;

import org.axonframework.serialization.Revision;
import org.consentledger.contracts.ingest.Origin;

/**
 * A later report changed the verdict on an earlier entry: verdicts follow each event's time, so a
 * withdrawal reported late flags the transfers it predates, and a transfer reported late clears the
 * receipt that confirmed it. {@code cause} is the report that changed it.
 */
@Revision("1")
public record VerdictChangedEvent(String subject, JudgedEntry entry, Verdict verdict, Origin cause) {
}
