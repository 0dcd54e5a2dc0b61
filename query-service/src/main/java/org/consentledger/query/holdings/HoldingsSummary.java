package org.consentledger.query.holdings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a person can read of who holds their data: one row per holder and category with how many
 * copies, since when, in which status, why, on what basis and from where.
 */
public final class HoldingsSummary {

    /** The statuses a copy can be in, in the order the summary counts them. */
    static final List<String> STATUSES = List.of("active", "erasure-due", "overdue", "erased");

    /**
     * @param since       the earliest copy's
     * @param latestSince the latest copy's
     * @param sources     {@code collected} (first) and/or the apps the copies came from
     */
    public record Row(String holder, String category, long copies, Instant since, Instant latestSince,
                      Map<String, Long> statuses, List<String> purposes, List<String> legalBases, List<String> sources) {
    }

    /**
     * Copies of one holder and category in one status at the moment asked, alike in what a summary
     * and a report say of them: made from {@code first} to {@code last}, of one {@code source}
     * ({@code collected} or the app they came from), kept for {@code retention} (an ISO period, or null).
     */
    public record Counted(String holder, String category, long copies, Instant first, Instant last, String status,
                          List<String> purposes, String legalBasis, String source, String retention) {

        static Counted of(HoldingDetail detail) {
            Holding copy = detail.holding();
            return new Counted(copy.holder(), copy.category(), 1, copy.since(), copy.since(), copy.status(),
                    copy.purposes(), copy.legalBasis(),
                    "collected".equals(copy.source().type()) ? "collected" : copy.source().from(), detail.retention());
        }
    }

    private record Key(String holder, String category) {
    }

    private final Map<Key, Group> groups = new TreeMap<>(Comparator.comparing(Key::holder).thenComparing(Key::category));

    /** Counts copies in. */
    public void add(Counted counted) {
        groups.computeIfAbsent(new Key(counted.holder(), counted.category()), key -> new Group())
                .add(counted.copies(), counted.first(), counted.last(), counted.status(), counted.purposes(),
                        counted.legalBasis(), counted.source());
    }

    /** The rows, ordered by holder and category. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        groups.forEach((key, group) -> rows.add(group.row(key.holder(), key.category())));
        return rows;
    }

    private static final class Group {
        private long copies;
        private Instant since;
        private Instant latestSince;
        private final Map<String, Long> statuses = new LinkedHashMap<>();
        private final TreeSet<String> purposes = new TreeSet<>();
        private final TreeSet<String> legalBases = new TreeSet<>();
        private boolean collected;
        private final TreeSet<String> fromApps = new TreeSet<>();

        Group() {
            STATUSES.forEach(status -> statuses.put(status, 0L));
        }

        void add(long n, Instant first, Instant last, String status, List<String> copyPurposes, String legalBasis,
                 String source) {
            copies += n;
            since = since == null || first.isBefore(since) ? first : since;
            latestSince = latestSince == null || last.isAfter(latestSince) ? last : latestSince;
            statuses.merge(status, n, Long::sum);
            purposes.addAll(copyPurposes);
            if (legalBasis != null) {
                legalBases.add(legalBasis);
            }
            if ("collected".equals(source)) {
                collected = true;
            } else if (source != null) {
                fromApps.add(source);
            }
        }

        Row row(String holder, String category) {
            List<String> sources = new ArrayList<>();
            if (collected) {
                sources.add("collected");
            }
            sources.addAll(fromApps);
            return new Row(holder, category, copies, since, latestSince, statuses, List.copyOf(purposes),
                    List.copyOf(legalBases), sources);
        }
    }
}
