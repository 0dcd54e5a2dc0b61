package org.consentledger.contracts.dataflow;

import java.util.List;

/** {@code data} of {@code org.consentledger.data.transferred.v1}. */
public record DataTransferred(
        String transferId,
        String recipient,
        List<String> categories,
        List<String> purposes,
        String legalBasis,
        String consentId,
        String recipientCountry,
        String safeguard) {
}
