package org.consentledger.contracts.ingest;

/** Every ledger event says about whom, and who claimed it when. */
public interface LedgerEvent {

    String subject();

    Origin origin();
}
