package org.consentledger.query.violations;

import static org.consentledger.query.web.SqlArrays.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class ViolationsRepository {

    private final JdbcTemplate jdbc;

    ViolationsRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Flagged entries, oldest (or newest) first; every filter is optional; {@code app} matches reporter, sender or recipient. */
    public List<Violation> find(String subject, String app, Instant from, Instant to, int limit, boolean newestFirst) {
        StringBuilder sql = new StringBuilder("select * from violation where true");
        List<Object> args = new ArrayList<>();
        if (subject != null) {
            sql.append(" and subject = ?");
            args.add(subject);
        }
        if (app != null) {
            sql.append(" and (entry_app = ? or from_app = ? or to_app = ?)");
            args.addAll(List.of(app, app, app));
        }
        if (from != null) {
            sql.append(" and at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            args.add(Timestamp.from(to));
        }
        sql.append(newestFirst ? " order by at desc, entry_app, entry_id limit ?" : " order by at, entry_app, entry_id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ViolationsRepository::map, args.toArray());
    }

    /** How many violations of {@code subject} had been found by {@code asOf}. */
    public long count(String subject, Instant asOf) {
        Long count = jdbc.queryForObject("select count(*) from violation where subject = ? and at <= ?", Long.class,
                subject, Timestamp.from(asOf));
        return count == null ? 0 : count;
    }

    /** The (sender, recipient) pairs of the subject's transfers flagged by {@code asOf}. */
    public Set<List<String>> flaggedFlows(String subject, Instant asOf) {
        return new HashSet<>(jdbc.query("select distinct from_app, to_app from violation where subject = ? and at <= ?"
                        + " and kind = 'transfer' and from_app is not null and to_app is not null",
                (rs, row) -> List.of(rs.getString(1), rs.getString(2)), subject, Timestamp.from(asOf)));
    }

    private static Violation map(ResultSet rs, int row) throws SQLException {
        return new Violation(rs.getString("subject"), rs.getString("kind"), rs.getString("entry_app"),
                rs.getString("entry_id"), rs.getString("transfer_id"), rs.getString("from_app"), rs.getString("to_app"),
                rs.getTimestamp("at").toInstant(), strings(rs.getArray("codes")));
    }
}
