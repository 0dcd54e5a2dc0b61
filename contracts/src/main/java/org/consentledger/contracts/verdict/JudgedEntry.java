package org.consentledger.contracts.verdict;

import java.time.Instant;

/**
 * Which ledger entry a verdict is about: its kind ({@code collection}, {@code transfer},
 * {@code receipt}), the reporting app and its message id, the entry's time, and for transfers and
 * receipts the transfer id with sender ({@code from}) and recipient ({@code to}).
 */
public record JudgedEntry(String kind, String app, String messageId, Instant at, String transferId, String from,
                          String to) {
}
