package org.consentledger.contracts.dataflow;

/**
 * What the ledger knew about a transfer's recipient when it recorded the transfer: whether the app
 * is registered, and its country ({@code recipientCountry} when given, else the registered one).
 */
public record RecipientFacts(boolean registered, String country) {
}
