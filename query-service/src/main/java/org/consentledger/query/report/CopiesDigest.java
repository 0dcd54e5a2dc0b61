package org.consentledger.query.report;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.consentledger.contracts.dataflow.Retention;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.contracts.vocabulary.Vocabulary;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.holdings.HoldingsRepository;
import org.consentledger.query.holdings.HoldingsSummary;
import org.consentledger.query.lineage.Lineage;

/**
 * What a report says of a subject's copies beyond their summary, from the same counted groups (a
 * day's tally, or the copies of a day a moment of the question splits) and the transfers grouped
 * per sender and recipient: never one entry per copy, so that the report of a person with ten
 * thousand copies is as long as that of a person with ten. Copies that were erased count in the
 * recipients and the lineage (they were disclosed), not in what is held now (purposes, categories,
 * holders, sources, retention).
 */
final class CopiesDigest implements Consumer<HoldingsSummary.Counted> {

    private final Map<String, AppDirectory.AppInfo> directory;
    private final Set<List<String>> flaggedFlows;
    private final Map<String, Set<String>> purposeHolders = new TreeMap<>();
    private final Map<String, Set<String>> categoryHolders = new TreeMap<>();
    private final Map<String, Set<String>> holderCategories = new TreeMap<>();
    private final List<HoldingsRepository.Transfers> transfers;
    private final Map<List<String>, Kept> retention = new TreeMap<>(CopiesDigest::compare);
    private final Set<List<String>> sources = new TreeSet<>(CopiesDigest::compare);
    private final Map<String, String> reportedCountries = new HashMap<>();

    /**
     * {@code flaggedFlows}: the (sender, recipient) pairs of the subject's flagged transfers;
     * {@code transfers}: per recipient and sender; {@code collectedOtherwise}: (holder, category,
     * method) of data collected other than from the person.
     */
    CopiesDigest(Map<String, AppDirectory.AppInfo> directory, Set<List<String>> flaggedFlows,
                 List<HoldingsRepository.Transfers> transfers, List<List<String>> collectedOtherwise) {
        this.directory = directory;
        this.flaggedFlows = flaggedFlows;
        this.transfers = transfers;
        transfers.stream().filter(t -> t.recipientCountry() != null)
                .forEach(t -> reportedCountries.put(t.holder(), t.recipientCountry()));
        collectedOtherwise.forEach(c -> sources.add(List.of(c.get(0), c.get(1), "collected", "", c.get(2))));
    }

    @Override
    public void accept(HoldingsSummary.Counted copies) {
        if ("erased".equals(copies.status())) {
            return;
        }
        copies.purposes().forEach(p -> purposeHolders.computeIfAbsent(p, k -> new TreeSet<>()).add(copies.holder()));
        categoryHolders.computeIfAbsent(copies.category(), k -> new TreeSet<>()).add(copies.holder());
        holderCategories.computeIfAbsent(copies.holder(), k -> new TreeSet<>()).add(copies.category());
        if (!"collected".equals(copies.source())) {
            sources.add(List.of(copies.holder(), copies.category(), "transfer", copies.source(), ""));
        }
        if (copies.retention() != null) {
            retention.computeIfAbsent(List.of(copies.holder(), copies.category(), copies.retention()),
                    k -> new Kept()).add(copies);
        }
    }

    List<SubjectReport.PurposeItem> purposes(Terms terms) {
        return purposeHolders.entrySet().stream().map(e -> new SubjectReport.PurposeItem(e.getKey(),
                terms.purpose(e.getKey()), List.copyOf(e.getValue()))).toList();
    }

    List<SubjectReport.CategoryItem> categories(Terms terms) {
        Vocabulary vocabulary = Vocabulary.bundled();
        return categoryHolders.entrySet().stream().map(e -> new SubjectReport.CategoryItem(e.getKey(),
                terms.category(e.getKey()), vocabulary.isSpecialCategory(e.getKey()), List.copyOf(e.getValue()))).toList();
    }

    List<SubjectReport.HolderItem> holders() {
        return holderCategories.entrySet().stream().map(e -> {
            AppDirectory.AppInfo app = app(e.getKey());
            return new SubjectReport.HolderItem(app.appId(), app.name(), app.country(), app.registered(), e.getValue().size());
        }).toList();
    }

    List<SubjectReport.RecipientItem> recipients() {
        return transfers.stream().map(t -> {
            AppDirectory.AppInfo app = app(t.holder());
            return new SubjectReport.RecipientItem(app.appId(), app.name(), app.country(),
                    app.country() != null && !Countries.inEea(app.country()),
                    t.safeguards().isEmpty() ? null : String.join(", ", new TreeSet<>(t.safeguards())), t.from(),
                    t.transfers(), List.copyOf(new TreeSet<>(t.categories())), t.first());
        }).toList();
    }

    List<SubjectReport.RetentionItem> retention() {
        return retention.entrySet().stream().map(e -> new SubjectReport.RetentionItem(e.getKey().get(0),
                e.getKey().get(1), e.getKey().get(2), e.getValue().copies, e.getValue().until, e.getValue().lastUntil,
                e.getValue().overdue ? "overdue" : "active")).toList();
    }

    /**
     * {@code explain}: the sentence for a source, given the holder's and the sender's names. Data
     * collected otherwise than from the person is listed for the holders and categories still held.
     */
    List<SubjectReport.SourceItem> sources(Explanation explain) {
        return sources.stream().filter(s -> holderCategories.getOrDefault(s.get(0), Set.of()).contains(s.get(1))).map(s -> {
            String from = s.get(3).isEmpty() ? null : s.get(3);
            String method = s.get(4).isEmpty() ? null : s.get(4);
            return new SubjectReport.SourceItem(s.get(0), s.get(1), s.get(2), from, method,
                    explain.of(s.get(2), method, app(s.get(0)).name(), from == null ? null : app(from).name()));
        }).toList();
    }

    interface Explanation {
        String of(String sourceType, String method, String holderName, String fromName);
    }

    SubjectReport.LineageView lineage() {
        Map<List<String>, SubjectReport.Flow> flows = new TreeMap<>(CopiesDigest::compare);
        transfers.forEach(t -> flows.put(List.of(t.from(), t.holder()), flow(t)));
        Set<String> apps = new LinkedHashSet<>();
        flows.keySet().forEach(apps::addAll);
        apps.addAll(holderCategories.keySet());
        List<Lineage.Node> nodes = apps.stream().map(this::app)
                .map(app -> new Lineage.Node(app.appId(), app.name(), app.country(), app.registered())).toList();
        return new SubjectReport.LineageView(nodes, List.copyOf(flows.values()));
    }

    private SubjectReport.Flow flow(HoldingsRepository.Transfers t) {
        return new SubjectReport.Flow(t.from(), t.holder(), List.copyOf(new TreeSet<>(t.categories())), t.transfers(),
                t.first(), t.last(), flaggedFlows.contains(List.of(t.from(), t.holder())));
    }

    /** An app as the directory knows it, in the country it registered, else the one its senders reported. */
    private AppDirectory.AppInfo app(String id) {
        AppDirectory.AppInfo app = AppDirectory.lookup(directory, id);
        return app.country() != null ? app
                : new AppDirectory.AppInfo(app.appId(), app.name(), reportedCountries.get(id), app.registered());
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = String.valueOf(a.get(i)).compareTo(String.valueOf(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Copies of a holder and category kept for one period. */
    private static final class Kept {
        private long copies;
        private Instant until;
        private Instant lastUntil;
        private boolean overdue;

        void add(HoldingsSummary.Counted counted) {
            copies += counted.copies();
            Instant first = Retention.end(counted.first(), counted.retention());
            Instant last = Retention.end(counted.last(), counted.retention());
            until = until == null || first.isBefore(until) ? first : until;
            lastUntil = lastUntil == null || last.isAfter(lastUntil) ? last : lastUntil;
            overdue |= "overdue".equals(counted.status());
        }
    }
}
