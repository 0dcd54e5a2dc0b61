package org.consentledger.contracts.ingest;

import org.consentledger.contracts.subject.SubjectEvent;

/** Every ledger event says about whom, and who claimed it when. */
public interface LedgerEvent extends SubjectEvent {

    Origin origin();
}
