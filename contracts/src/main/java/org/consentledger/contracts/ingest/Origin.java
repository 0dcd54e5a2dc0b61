package org.consentledger.contracts.ingest;

import java.time.Instant;

/**
 * Who made a claim to the ledger and when: the reporting app, its CloudEvent id, the moment the
 * reported fact happened at the app ({@code time}, which every as-of question uses) and the moment
 * the ledger recorded it.
 */
public record Origin(String app, String messageId, Instant time, Instant recordedAt) {
}
