package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.strings;

import org.consentledger.contracts.dataflow.Retention;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class HoldingsRepository {

    /**
     * Holdings with the earliest withdrawal of the consents they rest on, looked up row by row, one
     * index probe per consent (not a scan of all the subject's consents per row): for a page.
     */
    private static final String SELECT = """
            select h.*, (select min(c.withdrawn_at) from unnest(h.rests_on) r(consent_id)
                         join consent c on c.subject = h.subject and c.consent_id = r.consent_id) as withdrawn_at
            from holding h""";

    private final JdbcTemplate jdbc;

    /**
     * Reads a subject's holdings in chunks (PostgreSQL streams a result only inside a transaction
     * and with a fetch size): a long-lived subject has tens of thousands, each with the consents it
     * rests on, and read at once they would fill the heap before the answer is written.
     */
    HoldingsRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(1000);
    }

    /**
     * Every holding of the subject that had begun at {@code asOf}, with its status as it stood then:
     * {@code erased} once erased, else {@code erasure-due} once a consent it rests on was withdrawn,
     * else {@code overdue} past its retention, else {@code active}. Handed over one by one as read,
     * so that an answer can be written while it is read, whatever the subject's size.
     */
    @Transactional(readOnly = true)
    public void eachOfSubject(String subject, Instant asOf, Consumer<HoldingDetail> each) {
        Map<String, Instant> withdrawn = new HashMap<>();
        jdbc.query("select consent_id, withdrawn_at from consent where subject = ? and withdrawn_at <= ?",
                (RowCallbackHandler) rs -> withdrawn.put(rs.getString(1), rs.getTimestamp(2).toInstant()),
                subject, Timestamp.from(asOf));
        jdbc.query("""
                select h.* from holding h where h.subject = ? and h.since <= ?
                order by h.since, h.holder, h.category, h.entry_app, h.entry_id""",
                (RowCallbackHandler) rs -> each.accept(
                        map(rs, asOf, earliest(strings(rs.getArray("rests_on")), withdrawn))),
                subject, Timestamp.from(asOf));
    }

    /** Whether the subject has at least {@code count} holdings (counting no further). */
    public boolean hasAtLeast(String subject, int count) {
        Integer found = jdbc.queryForObject("select count(*) from (select 1 from holding where subject = ? limit ?) h",
                Integer.class, subject, count);
        return found != null && found >= count;
    }

    /** {@link #eachOfSubject} as a list, for answers that need every holding at once. */
    @Transactional(readOnly = true)
    public List<HoldingDetail> ofSubject(String subject, Instant asOf) {
        List<HoldingDetail> all = new ArrayList<>();
        eachOfSubject(subject, asOf, all::add);
        return all;
    }

    /**
     * The earliest withdrawal among the consents a holding rests on. Looked up in memory, once per
     * subject: a long-lived subject's holdings can each rest on hundreds of its consents, and a
     * lookup per row and consent in SQL grows with their product.
     */
    private static Instant earliest(List<String> restsOn, Map<String, Instant> withdrawn) {
        Instant earliest = null;
        for (String consent : restsOn) {
            Instant at = withdrawn.get(consent);
            if (at != null && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** Where a page of one app's holdings ends: the last row's keyset. */
    public record Cursor(String subject, String category, String entryApp, String entryId) {
    }

    /** One page of what an app holds across subjects, in (subject, category, entry) order after {@code after}. */
    public List<HoldingDetail> ofHolder(String holder, String category, Instant asOf, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where h.holder = ? and h.since <= ?");
        List<Object> args = new ArrayList<>(List.of(holder, Timestamp.from(asOf)));
        if (category != null) {
            sql.append(" and (h.category = ? or h.category like ?)");
            args.add(category);
            args.add(category + ".%");
        }
        if (after != null) {
            sql.append(" and (h.subject, h.category, h.entry_app, h.entry_id) > (?, ?, ?, ?)");
            args.addAll(List.of(after.subject(), after.category(), after.entryApp(), after.entryId()));
        }
        sql.append(" order by h.subject, h.category, h.entry_app, h.entry_id limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, row) -> map(rs, asOf, instant(rs.getTimestamp("withdrawn_at"))),
                args.toArray());
    }

    private static HoldingDetail map(ResultSet rs, Instant asOf, Instant withdrawnAt) throws SQLException {
        Instant since = rs.getTimestamp("since").toInstant();
        Instant until = notAfter(instant(rs.getTimestamp("erased_at")), asOf);
        Instant withdrawn = notAfter(withdrawnAt, asOf);
        String retention = rs.getString("retention");
        Instant retentionEnds = retention == null ? null : Retention.end(since, retention);
        String status;
        if (until != null) {
            status = "erased";
        } else if (withdrawn != null) {
            status = "erasure-due";
        } else if (retentionEnds != null && !retentionEnds.isAfter(asOf)) {
            status = "overdue";
        } else {
            status = "active";
        }
        Holding.Source source = new Holding.Source(rs.getString("source_type"), rs.getString("source_app"),
                rs.getString("transfer_id"), rs.getString("method"));
        Holding holding = new Holding(rs.getString("holder"), rs.getString("category"), since, until, source,
                strings(rs.getArray("purposes")), rs.getString("legal_basis"), rs.getString("consent_id"), status);
        return new HoldingDetail(rs.getString("subject"), holding, retention, retentionEnds,
                rs.getString("recipient_country"), rs.getString("safeguard"), new Cursor(rs.getString("subject"),
                rs.getString("category"), rs.getString("entry_app"), rs.getString("entry_id")));
    }

    /** The moment, if it had come by {@code asOf}. */
    private static Instant notAfter(Instant moment, Instant asOf) {
        return moment != null && !moment.isAfter(asOf) ? moment : null;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
