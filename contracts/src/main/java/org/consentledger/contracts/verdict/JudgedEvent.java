package org.consentledger.contracts.verdict;

import org.consentledger.contracts.ingest.LedgerEvent;

/** A ledger event about an entry that gets a verdict: a collection, a transfer or a receipt. */
public interface JudgedEvent extends LedgerEvent {

    Verdict verdict();
}
