package org.consentledger.query.violations;

import static org.consentledger.query.web.SqlArrays.strings;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.BadRequestException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ViolationsController {

    static final int MAX_LIMIT = 10_000;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Violation(String subject, String kind, String app, String eventId, String transferId, String from,
                     String to, Instant at, List<String> codes) {
    }

    record ViolationsResponse(List<Violation> violations) {
    }

    private final JdbcTemplate jdbc;

    ViolationsController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Flagged collections, transfers and receipts, oldest first: optionally of one subject, one app
     * (as reporter, sender or recipient), with {@code at} in [{@code from}, {@code to}).
     */
    @GetMapping("/api/v1/audit/violations")
    ViolationsResponse violations(@RequestParam(required = false) String subject,
                                  @RequestParam(required = false) String app,
                                  @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to,
                                  @RequestParam(defaultValue = "1000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("INVALID_PARAMETER", "limit must be between 1 and " + MAX_LIMIT);
        }
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
        if (from != null && !from.isBlank()) {
            sql.append(" and at >= ?");
            args.add(Timestamp.from(AsOf.instant("from", from)));
        }
        if (to != null && !to.isBlank()) {
            sql.append(" and at < ?");
            args.add(Timestamp.from(AsOf.instant("to", to)));
        }
        sql.append(" order by at, entry_app, entry_id limit ?");
        args.add(limit);
        List<Violation> violations = jdbc.query(sql.toString(), (rs, row) -> new Violation(rs.getString("subject"),
                rs.getString("kind"), rs.getString("entry_app"), rs.getString("entry_id"), rs.getString("transfer_id"),
                rs.getString("from_app"), rs.getString("to_app"), rs.getTimestamp("at").toInstant(),
                strings(rs.getArray("codes"))), args.toArray());
        return new ViolationsResponse(violations);
    }
}
