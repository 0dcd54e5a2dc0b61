package org.consentledger.query.holdings;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class HoldingsRepository {

    private final JdbcTemplate jdbc;

    HoldingsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every holding of the subject that had begun at {@code asOf}, with its status as it stood then. */
    List<Holding> ofSubject(String subject, Instant asOf) {
        return jdbc.query("""
                select * from holding where subject = ? and since <= ?
                order by since, holder, category, entry_app, entry_id""",
                (rs, row) -> map(rs, asOf), subject, Timestamp.from(asOf));
    }

    private static Holding map(ResultSet rs, Instant asOf) throws SQLException {
        Instant since = rs.getTimestamp("since").toInstant();
        Timestamp erasedAt = rs.getTimestamp("erased_at");
        Instant until = erasedAt != null && !erasedAt.toInstant().isAfter(asOf) ? erasedAt.toInstant() : null;
        String retention = rs.getString("retention");
        String status;
        if (until != null) {
            status = "erased";
        } else if (retention != null && !Retention.end(since, retention).isAfter(asOf)) {
            status = "overdue";
        } else {
            status = "active";
        }
        Holding.Source source = new Holding.Source(rs.getString("source_type"), rs.getString("source_app"),
                rs.getString("transfer_id"), rs.getString("method"));
        return new Holding(rs.getString("holder"), rs.getString("category"), since, until, source,
                strings(rs.getArray("purposes")), rs.getString("legal_basis"), rs.getString("consent_id"), status);
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }
}
