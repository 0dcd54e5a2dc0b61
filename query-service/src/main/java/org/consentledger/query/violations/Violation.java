package org.consentledger.query.violations;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** A flagged collection, transfer or receipt with all its codes; {@code eventId} is the reporting app's id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String subject, String kind, String app, String eventId, String transferId, String from,
                        String to, Instant at, List<String> codes) {
}
