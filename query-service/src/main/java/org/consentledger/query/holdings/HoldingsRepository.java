package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class HoldingsRepository {

    private final JdbcTemplate jdbc;

    HoldingsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every holding of the subject that had begun at {@code asOf}, with its status as it stood then:
     * {@code erased} once erased, else {@code erasure-due} once a consent it rests on was withdrawn,
     * else {@code overdue} past its retention, else {@code active}.
     */
    List<Holding> ofSubject(String subject, Instant asOf) {
        return jdbc.query("""
                select h.*, (select min(c.withdrawn_at) from consent c
                             where c.subject = h.subject and c.consent_id = any(h.rests_on)) as withdrawn_at
                from holding h where h.subject = ? and h.since <= ?
                order by h.since, h.holder, h.category, h.entry_app, h.entry_id""",
                (rs, row) -> map(rs, asOf), subject, Timestamp.from(asOf));
    }

    private static Holding map(ResultSet rs, Instant asOf) throws SQLException {
        Instant since = rs.getTimestamp("since").toInstant();
        Instant until = notAfter(rs.getTimestamp("erased_at"), asOf);
        Instant withdrawn = notAfter(rs.getTimestamp("withdrawn_at"), asOf);
        String retention = rs.getString("retention");
        String status;
        if (until != null) {
            status = "erased";
        } else if (withdrawn != null) {
            status = "erasure-due";
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

    /** The moment, if it had come by {@code asOf}. */
    private static Instant notAfter(Timestamp moment, Instant asOf) {
        return moment != null && !moment.toInstant().isAfter(asOf) ? moment.toInstant() : null;
    }
}
