package org.consentledger.ledger.ingest.parsing;

import java.util.Map;

/**
 * An integration message as it arrived, before any parsing: its body and, for CloudEvents binary
 * mode, the context attributes taken from {@code ce_*} (Kafka) or {@code ce-*} (HTTP) headers,
 * keyed by attribute name without the prefix.
 */
public record RawMessage(byte[] body, Map<String, String> binaryAttributes) {

    public RawMessage {
        binaryAttributes = Map.copyOf(binaryAttributes);
    }

    public boolean isBinaryMode() {
        return binaryAttributes.containsKey("specversion");
    }
}
