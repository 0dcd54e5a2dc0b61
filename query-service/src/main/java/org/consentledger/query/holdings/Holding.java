package org.consentledger.query.holdings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** One answer to "who holds which data about whom, since when, how they got it, on what basis". */
public record Holding(
        String holder,
        String category,
        Instant since,
        Instant until,
        Source source,
        List<String> purposes,
        String legalBasis,
        String consentId,
        String status) {

    /** How the holder got the data: collected it itself ({@code method}), or by transfer from another app. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String type, String from, String transferId, String method) {
    }
}
