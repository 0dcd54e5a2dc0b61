package org.consentledger.query.holdings;

import static org.consentledger.query.web.SqlArrays.strings;

import org.consentledger.contracts.dataflow.Retention;
import org.consentledger.query.web.AsOf;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
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
     * and with a fetch size): a long-lived subject has tens of thousands, and read at once they
     * would fill the heap before the answer is written.
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
        Set<String> withdrawn = withdrawals(List.of(subject), asOf).getOrDefault(subject, Set.of());
        Erasures erasures = erasures(List.of(subject), asOf).getOrDefault(subject, Erasures.NONE);
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

    /**
     * The subject's holdings summary at {@code asOf} from the tallies the projection keeps (Flyway
     * V17): a tally of a day before every moment of the question counts in whole, in one status; the
     * copies of a day that one of those moments falls in (the asOf, the latest erasure of a holder and
     * category, the end of a retention) are read and counted one by one. So a summary reads a few
     * rows per holder, category and day, whatever the number of copies.
     */
    @Transactional(readOnly = true)
    public List<HoldingsSummary.Row> summary(String subject, Instant asOf) {
        HoldingsSummary summary = new HoldingsSummary();
        count(subject, asOf, summary::add);
        return summary.rows();
    }

    /**
     * The subject's copies at {@code asOf}, counted in groups as {@link #summary} reads them: a
     * day's tally at once, the copies of a day split by a moment of the question one by one.
     */
    @Transactional(readOnly = true)
    public void count(String subject, Instant asOf, Consumer<HoldingsSummary.Counted> each) {
        Set<String> withdrawn = withdrawals(List.of(subject), asOf).getOrDefault(subject, Set.of());
        Erasures erasures = erasures(List.of(subject), asOf).getOrDefault(subject, Erasures.NONE);
        List<Tally> tallies = jdbc.query("select * from holding_tally where subject = ? and copies > 0 and day <= ?",
                (rs, row) -> new Tally(rs.getString("holder"), rs.getString("category"), rs.getObject("day", LocalDate.class),
                        rs.getString("source"), strings(rs.getArray("purposes")), rs.getString("legal_basis"),
                        rs.getString("retention"), rs.getString("rests_on_key"), rs.getLong("copies"),
                        rs.getTimestamp("first_since").toInstant(), rs.getTimestamp("last_since").toInstant()),
                subject, LocalDate.ofInstant(asOf, ZoneOffset.UTC));
        Set<LocalDate> copyByCopy = tallies.stream().filter(t -> t.status(asOf, withdrawn, erasures) == null)
                .map(Tally::day).collect(Collectors.toCollection(TreeSet::new));
        tallies.stream().filter(t -> !copyByCopy.contains(t.day()))
                .forEach(t -> each.accept(t.counted(t.status(asOf, withdrawn, erasures))));
        if (!copyByCopy.isEmpty()) {
            jdbc.query("""
                    select h.* from holding h join unnest(?::timestamptz[]) d(start)
                      on h.since >= d.start and h.since < d.start + interval '1 day'
                    where h.subject = ? and h.since <= ?""",
                    (RowCallbackHandler) rs -> each.accept(HoldingsSummary.Counted.of(copy(rs).detail(asOf, withdrawn, erasures))),
                    copyByCopy.stream().map(d -> Timestamp.from(d.atStartOfDay(ZoneOffset.UTC).toInstant()))
                            .toArray(Timestamp[]::new), subject, Timestamp.from(asOf));
        }
    }

    /**
     * What the subject's data went through from one sender to one recipient by {@code asOf}: erased
     * copies count (they were disclosed). Grouped by the database, so the answer has a row per pair.
     */
    public record Transfers(String holder, String from, List<String> categories, int transfers, Instant first,
                            Instant last, List<String> safeguards, String recipientCountry) {
    }

    public List<Transfers> transfers(String subject, Instant asOf) {
        return jdbc.query("""
                select holder, source_app, array_agg(distinct category) as categories,
                       count(distinct coalesce(transfer_id, '')) as transfers, min(since) as first, max(since) as last,
                       array_remove(array_agg(distinct safeguard), null) as safeguards, max(recipient_country) as country
                from holding where subject = ? and since <= ? and source_type = 'transfer'
                group by holder, source_app order by holder, source_app""",
                (rs, row) -> new Transfers(rs.getString("holder"), rs.getString("source_app"),
                        strings(rs.getArray("categories")), rs.getInt("transfers"), rs.getTimestamp("first").toInstant(),
                        rs.getTimestamp("last").toInstant(), strings(rs.getArray("safeguards")), rs.getString("country")),
                subject, Timestamp.from(asOf));
    }

    /**
     * How holders collected the subject's data other than from the person ({@code observed},
     * {@code inferred}, ...) by {@code asOf}: holder, category and method.
     */
    public List<List<String>> collectedOtherwise(String subject, Instant asOf) {
        return jdbc.query("""
                select distinct holder, category, method from holding
                where subject = ? and since <= ? and source_type = 'collected' and method <> 'provided'""",
                (rs, row) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)), subject, Timestamp.from(asOf));
    }

    /** Copies of one holder and category, made on one day (UTC), alike in all their status depends on. */
    private record Tally(String holder, String category, LocalDate day, String source, List<String> purposes,
                         String legalBasis, String retention, String restsOn, long copies, Instant first,
                         Instant last) {

        /** The status of every copy of the tally at {@code asOf}; null if a moment of the question splits its day. */
        String status(Instant asOf, Set<String> withdrawn, Erasures erasures) {
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = start.plus(Duration.ofDays(1)).minusNanos(1_000);
            if (end.isAfter(asOf)) {
                return null;
            }
            Instant erasedUntil = erasures.latest(holder, category);
            if (erasedUntil != null && !end.isAfter(erasedUntil)) {
                return "erased";
            }
            if (erasedUntil != null && !start.isAfter(erasedUntil)) {
                return null;
            }
            if (withdrawn.contains(restsOn)) {
                return "erasure-due";
            }
            if (retention.isEmpty() || Retention.end(start, retention).isAfter(asOf)) {
                return "active";
            }
            return Retention.end(end, retention).isAfter(asOf) ? null : "overdue";
        }

        HoldingsSummary.Counted counted(String status) {
            return new HoldingsSummary.Counted(holder, category, copies, first, last, status, purposes, legalBasis,
                    source, retention.isEmpty() ? null : retention);
        }
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
     * The sets of consents (Flyway V18) of {@code subjects} one of which was withdrawn by
     * {@code asOf}, by subject: what a copy rests on is named by its set, so its status needs no
     * look-up per consent, however many a long-lived subject's transfers rest on.
     */
    private Map<String, Set<String>> withdrawals(List<String> subjects, Instant asOf) {
        Map<String, Set<String>> withdrawn = new HashMap<>();
        jdbc.query("select subject, set_key from consent_set where subject = any(?) and withdrawn_at <= ?",
                (RowCallbackHandler) rs -> withdrawn.computeIfAbsent(rs.getString(1), s -> new HashSet<>()).add(rs.getString(2)),
                subjects.toArray(String[]::new), Timestamp.from(asOf));
        return withdrawn;
    }

    /**
     * The erasures of {@code subjects} reported by {@code asOf}, by subject: read once per page and
     * matched in memory, where stamping each copy an erasure covers rewrote thousands of rows for one
     * erasure of the busiest subjects.
     */
    private Map<String, Erasures> erasures(List<String> subjects, Instant asOf) {
        Map<String, List<Erasure>> erasures = new HashMap<>();
        jdbc.query("select subject, holder, at, categories from holding_erasure where subject = any(?) and at <= ?",
                (RowCallbackHandler) rs -> erasures.computeIfAbsent(rs.getString(1), s -> new ArrayList<>())
                        .add(new Erasure(rs.getString(2), rs.getTimestamp(3).toInstant(), strings(rs.getArray(4)))),
                subjects.toArray(String[]::new), Timestamp.from(asOf));
        Map<String, Erasures> bySubject = new HashMap<>();
        erasures.forEach((subject, list) -> bySubject.put(subject, new Erasures(list)));
        return bySubject;
    }

    /** A holder's report that it erased the subject's data of {@code categories} (none: all of it). */
    private record Erasure(String holder, Instant at, List<String> categories) {

        /** Whether it erased a category: one it names or one below, or all when it names none. */
        boolean covers(String category) {
            return categories.isEmpty() || categories.stream().anyMatch(c -> category.equals(c) || category.startsWith(c + "."));
        }
    }

    /**
     * A subject's erasures, looked up per holder and category: the busiest subjects have hundreds, and
     * each of their thousands of copies is matched against those of its holder and category alone.
     */
    private static final class Erasures {

        static final Erasures NONE = new Erasures(List.of());
        private static final Instant[] NO_MOMENTS = new Instant[0];

        private final Map<String, List<Erasure>> byHolder = new HashMap<>();
        /** The moments of the erasures covering a holder and category, earliest first. */
        private final Map<List<String>, Instant[]> covering = new HashMap<>();

        Erasures(List<Erasure> erasures) {
            erasures.forEach(e -> byHolder.computeIfAbsent(e.holder(), h -> new ArrayList<>()).add(e));
        }

        /** When a copy made at {@code since} was erased: by the earliest erasure covering it at or after then. */
        Instant erasedAt(String holder, String category, Instant since) {
            Instant[] at = covering(holder, category);
            int i = Arrays.binarySearch(at, since);
            int first = i >= 0 ? i : -i - 1;
            return first < at.length ? at[first] : null;
        }

        /** The latest erasure covering a holder and category: every copy made by then is erased. */
        Instant latest(String holder, String category) {
            Instant[] at = covering(holder, category);
            return at.length == 0 ? null : at[at.length - 1];
        }

        private Instant[] covering(String holder, String category) {
            if (!byHolder.containsKey(holder)) {
                return NO_MOMENTS; // nothing cached: NONE is shared
            }
            return covering.computeIfAbsent(List.of(holder, category), key -> byHolder.getOrDefault(holder, List.of())
                    .stream().filter(e -> e.covers(category)).map(Erasure::at).sorted().toArray(Instant[]::new));
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
        Map<String, Set<String>> withdrawn = withdrawals(subjects, asOf);
        Map<String, Erasures> erasures = erasures(subjects, asOf);
        return page.stream().map(copy -> copy.detail(asOf, withdrawn.getOrDefault(copy.subject(), Set.of()),
                erasures.getOrDefault(copy.subject(), Erasures.NONE))).toList();
    }

    /** A stored copy, before its status at a moment is known. */
    private record Copy(String subject, String holder, String category, Instant since, String retention,
                        Holding.Source source, List<String> purposes, String legalBasis, String consentId,
                        String recipientCountry, String safeguard, String entryApp, String entryId, String restsOn) {

        /** The copy as it stood at {@code asOf}, given the subject's consents withdrawn and erasures reported by then. */
        HoldingDetail detail(Instant asOf, Set<String> withdrawn, Erasures erasures) {
            Instant until = erasures.erasedAt(holder, category, since);
            Instant retentionEnds = retention == null ? null : Retention.end(since, retention);
            String status;
            if (until != null) {
                status = "erased";
            } else if (withdrawn.contains(restsOn)) {
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
                rs.getString("entry_app"), rs.getString("entry_id"), rs.getString("rests_on_key"));
    }
}
