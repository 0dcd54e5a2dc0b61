package org.consentledger.query.history;

import static org.consentledger.query.web.SqlArrays.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.consentledger.query.web.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class HistoryRepository {

    /** Entries with their leaf in the tamper-evident log, once it holds them. */
    private static final String SELECT = "select h.*, l.leaf_index from history_entry h left join log_leaf l on l.event_identifier = h.stored_event";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = new ObjectMapper();

    HistoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The accepted entries about the subject in the order of {@link #keys} (oldest first: by when it
     * happened, then when it was recorded) after {@code after} (from the first if null), at most
     * {@code limit}, each with its leaf in the tamper-evident log once it is there.
     */
    public List<HistoryEntry> entries(String subject, List<String> after, long limit) {
        StringBuilder sql = new StringBuilder(SELECT + " where h.subject = ?");
        List<Object> args = new ArrayList<>(List.of(subject));
        if (after != null) {
            sql.append(" and (h.time, h.recorded_at, h.entry_app, h.entry_id) > (?, ?, ?, ?)");
            args.add(Timestamp.from(AsOf.instant("after", after.get(0))));
            args.add(Timestamp.from(AsOf.instant("after", after.get(1))));
            args.addAll(after.subList(2, 4));
        }
        sql.append(" order by h.time, h.recorded_at, h.entry_app, h.entry_id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::entry, args.toArray());
    }

    /** The latest {@code count} entries that had happened at {@code asOf}, oldest first. */
    public List<HistoryEntry> latest(String subject, Instant asOf, int count) {
        List<HistoryEntry> latest = new ArrayList<>(jdbc.query(SELECT + """
                 where h.subject = ? and h.time <= ?
                order by h.time desc, h.recorded_at desc, h.entry_app desc, h.entry_id desc limit ?""",
                this::entry, subject, Timestamp.from(asOf), count));
        Collections.reverse(latest);
        return latest;
    }

    /** How many entries had happened at {@code asOf}. */
    public long count(String subject, Instant asOf) {
        return jdbc.queryForObject("select count(*) from history_entry where subject = ? and time <= ?", Long.class,
                subject, Timestamp.from(asOf));
    }

    private HistoryEntry entry(ResultSet rs, int row) throws SQLException {
        return new HistoryEntry(rs.getString("entry_id"), rs.getString("type"), rs.getTimestamp("time").toInstant(),
                rs.getTimestamp("recorded_at").toInstant(), "/apps/" + rs.getString("entry_app"),
                readTree(rs.getString("data")), strings(rs.getArray("violations")), (Long) rs.getObject("leaf_index"));
    }

    /** The sort keys of a subject's entries: when it happened, when it was recorded, the reporting app and the entry's id. */
    public static String[] keys(HistoryEntry entry) {
        return new String[] {entry.time().toString(), entry.recordedAt().toString(),
                entry.source().substring("/apps/".length()), entry.eventId()};
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored history data is not JSON", e);
        }
    }
}
