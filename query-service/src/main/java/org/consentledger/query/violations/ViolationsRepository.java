package org.consentledger.query.violations;

import static org.consentledger.query.web.SqlArrays.strings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private static Violation map(ResultSet rs, int row) throws SQLException {
        return new Violation(rs.getString("subject"), rs.getString("kind"), rs.getString("entry_app"),
                rs.getString("entry_id"), rs.getString("transfer_id"), rs.getString("from_app"), rs.getString("to_app"),
                rs.getTimestamp("at").toInstant(), strings(rs.getArray("codes")));
    }
}
