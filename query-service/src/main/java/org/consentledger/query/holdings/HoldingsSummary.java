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

    private record Key(String holder, String category) {
    }

    private final Map<Key, Group> groups = new TreeMap<>(Comparator.comparing(Key::holder).thenComparing(Key::category));

    /** Counts one copy in. */
    public void add(Holding copy) {
        groups.computeIfAbsent(new Key(copy.holder(), copy.category()), key -> new Group()).add(copy);
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

        void add(Holding copy) {
            copies++;
            since = since == null || copy.since().isBefore(since) ? copy.since() : since;
            latestSince = latestSince == null || copy.since().isAfter(latestSince) ? copy.since() : latestSince;
            statuses.merge(copy.status(), 1L, Long::sum);
            purposes.addAll(copy.purposes());
            if (copy.legalBasis() != null) {
                legalBases.add(copy.legalBasis());
            }
            if ("collected".equals(copy.source().type())) {
                collected = true;
            } else if (copy.source().from() != null) {
                fromApps.add(copy.source().from());
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
