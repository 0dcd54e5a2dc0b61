package org.consentledger.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One accepted integration event about a subject: its CloudEvent id, type, times, source, data, current violations. */
public record HistoryEntry(String eventId, String type, Instant time, Instant recordedAt, String source, JsonNode data,
                           List<String> violations) {
}
