package org.consentledger.query.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One accepted integration event about a subject: its CloudEvent id, type, times, source, data,
 * current violations, and its leaf in the tamper-evident log (absent until the log holds it).
 */
public record HistoryEntry(String eventId, String type, Instant time, Instant recordedAt, String source, JsonNode data,
                           List<String> violations, @JsonInclude(JsonInclude.Include.NON_NULL) Long leafIndex) {
}
