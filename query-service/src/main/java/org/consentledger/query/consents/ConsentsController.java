package org.consentledger.query.consents;

import static org.consentledger.query.web.SqlArrays.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.consentledger.query.web.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ConsentsController {

    record ConsentsResponse(String subject, Instant asOf, List<ConsentView> consents) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ConsentsController(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The subject's consents given by {@code asOf}: {@code ConsentGiven}, {@code ConsentWithdrawn} or
     * {@code ConsentExpired} as they stood then, {@code endedAt} the withdrawal or expiry.
     */
    @GetMapping("/api/v1/subjects/{subject}/consents")
    ConsentsResponse consents(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        List<ConsentView> consents = jdbc.query(
                "select * from consent where subject = ? and given_at <= ? order by given_at, consent_id",
                (rs, row) -> map(rs, at), subject, Timestamp.from(at));
        return new ConsentsResponse(subject, at, consents);
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
