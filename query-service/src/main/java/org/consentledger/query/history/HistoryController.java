package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HistoryController {

    record Entry(String eventId, String type, Instant time, Instant recordedAt, String source, JsonNode data,
                 List<String> violations) {
    }

    record HistoryResponse(String subject, List<Entry> entries) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    HistoryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every accepted entry about the subject, oldest first (by when it happened, then when it was recorded). */
    @GetMapping("/api/v1/subjects/{subject}/history")
    HistoryResponse history(@PathVariable String subject) {
        List<Entry> entries = jdbc.query("""
                select * from history_entry where subject = ? order by time, recorded_at, entry_app, entry_id""",
                (rs, row) -> new Entry(rs.getString("entry_id"), rs.getString("type"),
                        rs.getTimestamp("time").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
                        "/apps/" + rs.getString("entry_app"), readTree(rs.getString("data")),
                        strings(rs.getArray("violations"))), subject);
        return new HistoryResponse(subject, entries);
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored history data is not JSON", e);
        }
    }
}
