package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.strings;

import org.consentledger.contracts.dataflow.Retention;
import org.consentledger.query.web.AsOf;
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
     * The subject's holdings that had begun at {@code asOf}, in the order of {@link #subjectKeys}
     * after {@code after} (from the first if null), at most {@code limit}, each with its status as it
     * stood then: {@code erased} once erased, else {@code erasure-due} once a consent it rests on was
     * withdrawn, else {@code overdue} past its retention, else {@code active}. Handed over one by one
     * as read, so that an answer can be written while it is read, whatever its size.
     */
    @Transactional(readOnly = true)
    public void eachOfSubject(String subject, Instant asOf, List<String> after, long limit, Consumer<HoldingDetail> each) {
        Map<String, Instant> withdrawn = withdrawals(List.of(subject), asOf).getOrDefault(subject, Map.of());
        List<Erasure> erasures = erasures(List.of(subject), asOf).getOrDefault(subject, List.of());
        StringBuilder sql = new StringBuilder("select h.* from holding h where h.subject = ? and h.since <= ?");
        List<Object> args = new ArrayList<>(List.of(subject, Timestamp.from(asOf)));
        if (after != null) {
            sql.append(" and (h.since, h.holder, h.category, h.entry_app, h.entry_id) > (?, ?, ?, ?, ?)");
            args.add(Timestamp.from(AsOf.instant("after", after.get(0))));
            args.addAll(after.subList(1, 5));
        }
        sql.append(" order by h.since, h.holder, h.category, h.entry_app, h.entry_id limit ?");
        args.add(limit);
        jdbc.query(sql.toString(), (RowCallbackHandler) rs -> each.accept(copy(rs).detail(asOf, withdrawn, erasures)),
                args.toArray());
    }

    /** The sort keys of a subject's holdings: since, holder, category, and the entry that made the copy. */
    public static String[] subjectKeys(HoldingDetail detail) {
        return new String[] {detail.holding().since().toString(), detail.holding().holder(), detail.holding().category(),
                detail.entryApp(), detail.entryId()};
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
        eachOfSubject(subject, asOf, null, Long.MAX_VALUE, all::add);
        return all;
    }

    /**
     * The consents of {@code subjects} withdrawn by {@code asOf}, by subject and consent: looked up
     * once per subject and matched in memory, since a long-lived subject's copies can each rest on
     * hundreds of its consents, and a look-up per copy and consent in SQL grows with their product.
     */
    private Map<String, Map<String, Instant>> withdrawals(List<String> subjects, Instant asOf) {
        Map<String, Map<String, Instant>> withdrawn = new HashMap<>();
        jdbc.query("select subject, consent_id, withdrawn_at from consent where subject = any(?) and withdrawn_at <= ?",
                (RowCallbackHandler) rs -> withdrawn.computeIfAbsent(rs.getString(1), s -> new HashMap<>())
                        .put(rs.getString(2), rs.getTimestamp(3).toInstant()),
                subjects.toArray(String[]::new), Timestamp.from(asOf));
        return withdrawn;
    }

    /**
     * The erasures of {@code subjects} reported by {@code asOf}, by subject: few per subject, so read
     * once and matched in memory, where stamping each copy an erasure covers rewrote thousands of
     * rows for one erasure of the busiest subjects.
     */
    private Map<String, List<Erasure>> erasures(List<String> subjects, Instant asOf) {
        Map<String, List<Erasure>> erasures = new HashMap<>();
        jdbc.query("select subject, holder, at, categories from holding_erasure where subject = any(?) and at <= ?",
                (RowCallbackHandler) rs -> erasures.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
                        .add(new Erasure(rs.getString(2), rs.getTimestamp(3).toInstant(), strings(rs.getArray(4)))),
                subjects.toArray(String[]::new), Timestamp.from(asOf));
        return erasures;
    }

    /** A holder's report that it erased the subject's data of {@code categories} (none: all of it). */
    private record Erasure(String holder, Instant at, List<String> categories) {

        /** Whether it erased {@code copy}: the holder's, made by then, of a category it names or one below. */
        boolean erases(String holder, String category, Instant since) {
            return this.holder.equals(holder) && !at.isBefore(since) && (categories.isEmpty()
                    || categories.stream().anyMatch(c -> category.equals(c) || category.startsWith(c + ".")));
        }
    }

    /** The sort keys of an app's holdings: subject, category, and the entry that made the copy. */
    public static String[] holderKeys(HoldingDetail detail) {
        return new String[] {detail.subject(), detail.holding().category(), detail.entryApp(), detail.entryId()};
    }

    /** One page of what an app holds across subjects, in the order of {@link #holderKeys} after {@code after}. */
    public List<HoldingDetail> ofHolder(String holder, String category, Instant asOf, List<String> after, int limit) {
        StringBuilder sql = new StringBuilder("select h.* from holding h where h.holder = ? and h.since <= ?");
        List<Object> args = new ArrayList<>(List.of(holder, Timestamp.from(asOf)));
        if (category != null) {
            sql.append(" and (h.category = ? or h.category like ?)");
            args.add(category);
            args.add(category + ".%");
        }
        if (after != null) {
            sql.append(" and (h.subject, h.category, h.entry_app, h.entry_id) > (?, ?, ?, ?)");
            args.addAll(after);
        }
        sql.append(" order by h.subject, h.category, h.entry_app, h.entry_id limit ?");
        args.add(limit);
        List<Copy> page = jdbc.query(sql.toString(), (rs, row) -> copy(rs), args.toArray());
        List<String> subjects = page.stream().map(Copy::subject).distinct().toList();
        Map<String, Map<String, Instant>> withdrawn = withdrawals(subjects, asOf);
        Map<String, List<Erasure>> erasures = erasures(subjects, asOf);
        return page.stream().map(copy -> copy.detail(asOf, withdrawn.getOrDefault(copy.subject(), Map.of()),
                erasures.getOrDefault(copy.subject(), List.of()))).toList();
    }

    /** A stored copy, before its status at a moment is known. */
    private record Copy(String subject, String holder, String category, Instant since, String retention,
                        Holding.Source source, List<String> purposes, String legalBasis, String consentId,
                        String recipientCountry, String safeguard, String entryApp, String entryId, List<String> restsOn) {

        /** The copy as it stood at {@code asOf}, given the subject's consents withdrawn and erasures reported by then. */
        HoldingDetail detail(Instant asOf, Map<String, Instant> withdrawn, List<Erasure> erasures) {
            Instant until = erasures.stream().filter(e -> e.erases(holder, category, since)).map(Erasure::at)
                    .min(Instant::compareTo).orElse(null);
            Instant retentionEnds = retention == null ? null : Retention.end(since, retention);
            String status;
            if (until != null) {
                status = "erased";
            } else if (restsOn.stream().anyMatch(withdrawn::containsKey)) {
                status = "erasure-due";
            } else if (retentionEnds != null && !retentionEnds.isAfter(asOf)) {
                status = "overdue";
            } else {
                status = "active";
            }
            return new HoldingDetail(subject, new Holding(holder, category, since, until, source, purposes, legalBasis,
                    consentId, status), retention, retentionEnds, recipientCountry, safeguard, entryApp, entryId);
        }
    }

    private static Copy copy(ResultSet rs) throws SQLException {
        return new Copy(rs.getString("subject"), rs.getString("holder"), rs.getString("category"),
                rs.getTimestamp("since").toInstant(), rs.getString("retention"),
                new Holding.Source(rs.getString("source_type"), rs.getString("source_app"), rs.getString("transfer_id"),
                        rs.getString("method")), strings(rs.getArray("purposes")), rs.getString("legal_basis"),
                rs.getString("consent_id"), rs.getString("recipient_country"), rs.getString("safeguard"),
                rs.getString("entry_app"), rs.getString("entry_id"), strings(rs.getArray("rests_on")));
    }
}
