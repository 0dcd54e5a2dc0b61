package org.consentledger.contracts.dataflow;

/** {@code data} of {@code org.consentledger.data.received.v1}: the recipient confirms a transfer. */
public record DataReceived(String transferId, String sender) {
}
