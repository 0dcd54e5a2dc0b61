package org.consentledger.contracts.dataflow;

import java.util.List;

/** {@code data} of {@code org.consentledger.data.collected.v1}; {@code retention} is an ISO-8601 duration. */
public record DataCollected(
        List<String> categories,
        List<String> purposes,
        String legalBasis,
        String consentId,
        String method,
        String retention) {
}
