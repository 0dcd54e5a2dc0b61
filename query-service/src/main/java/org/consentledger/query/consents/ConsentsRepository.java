package org.consentledger.query.consents;

import static org.consentledger.query.web.SqlArrays.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class ConsentsRepository {

    private final JdbcTemplate jdbc;

    ConsentsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The subject's consents given by {@code asOf}, with their status as it stood then. */
    public List<ConsentView> of(String subject, Instant asOf) {
        return jdbc.query("select * from consent where subject = ? and given_at <= ? order by given_at, consent_id",
                (rs, row) -> map(rs, asOf), subject, Timestamp.from(asOf));
    }

    private static ConsentView map(ResultSet rs, Instant asOf) throws SQLException {
        Instant withdrawn = instant(rs.getTimestamp("withdrawn_at"));
        Instant expires = instant(rs.getTimestamp("expires_at"));
        String status = "ConsentGiven";
        Instant endedAt = null;
        if (withdrawn != null && !withdrawn.isAfter(asOf) && (expires == null || withdrawn.isBefore(expires))) {
            status = "ConsentWithdrawn";
            endedAt = withdrawn;
        } else if (expires != null && !expires.isAfter(asOf)) {
            status = "ConsentExpired";
            endedAt = expires;
        }
        return new ConsentView(rs.getString("consent_id"), rs.getString("controller"), strings(rs.getArray("purposes")),
                strings(rs.getArray("categories")), strings(rs.getArray("recipients")), rs.getString("legal_basis"),
                instant(rs.getTimestamp("given_at")), expires, status, endedAt);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
