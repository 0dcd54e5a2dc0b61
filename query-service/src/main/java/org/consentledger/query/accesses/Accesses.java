package org.consentledger.query.accesses;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The accesses to each subject's data, as projected from the subject's record. */
@Repository
public class Accesses {

    /**
     * One read of the subject's data by someone else; {@code looked} names what was read, from the
     * endpoint (holdings, consents, lineage, history, report, accesses, app-holdings, violations, other).
     */
    public record SubjectAccess(Instant at, String role, String accessor, String endpoint, String purpose, String looked) {
    }

    private final JdbcTemplate jdbc;

    Accesses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The subject's accesses up to {@code asOf}, newest first. */
    public List<SubjectAccess> of(String subject, Instant asOf) {
        return latest(subject, asOf, Integer.MAX_VALUE);
    }

    /** The subject's latest {@code limit} accesses up to {@code asOf}, newest first. */
    public List<SubjectAccess> latest(String subject, Instant asOf, int limit) {
        return jdbc.query("select at, role, accessor, endpoint, purpose from subject_access where subject = ? and at <= ?"
                        + " order by at desc, access_id desc limit ?",
                (rs, n) -> new SubjectAccess(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), looked(rs.getString(4))),
                subject, Timestamp.from(asOf), limit);
    }

    /** How many accesses to the subject's data there were up to {@code asOf}. */
    public long count(String subject, Instant asOf) {
        return jdbc.queryForObject("select count(*) from subject_access where subject = ? and at <= ?", Long.class,
                subject, Timestamp.from(asOf));
    }

    private static String looked(String endpoint) {
        if (endpoint.startsWith("/api/v1/apps/")) {
            return "app-holdings";
        }
        if (endpoint.startsWith("/api/v1/audit/violations")) {
            return "violations";
        }
        String last = endpoint.substring(endpoint.lastIndexOf('/') + 1);
        return List.of("holdings", "consents", "lineage", "history", "report", "accesses").contains(last) ? last : "other";
    }
}
