package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class HistoryRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    HistoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every accepted entry about the subject, oldest first (by when it happened, then when it was
     * recorded), with its leaf in the tamper-evident log once it is there.
     */
    public List<HistoryEntry> entries(String subject) {
        return jdbc.query("""
                select h.*, l.leaf_index from history_entry h left join log_leaf l on l.event_identifier = h.stored_event
                where h.subject = ? order by h.time, h.recorded_at, h.entry_app, h.entry_id""",
                (rs, row) -> new HistoryEntry(rs.getString("entry_id"), rs.getString("type"),
                        rs.getTimestamp("time").toInstant(), rs.getTimestamp("recorded_at").toInstant(),
                        "/apps/" + rs.getString("entry_app"), readTree(rs.getString("data")),
                        strings(rs.getArray("violations")), (Long) rs.getObject("leaf_index")), subject);
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored history data is not JSON", e);
        }
    }
}
