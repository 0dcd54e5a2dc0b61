package org.consentledger.query.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.contracts.vocabulary.Vocabulary;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.holdings.Holding;
import org.consentledger.query.holdings.HoldingDetail;
import org.consentledger.query.lineage.Lineage;

/**
 * What a report says of a subject's copies beyond their summary, gathered in one pass over them: one
 * entry per holder and category, per recipient and sender, per retention period, never one per copy,
 * so that the report of a person with ten thousand copies is as long as that of a person with ten.
 * Copies that were erased count in the recipients and the lineage (they were disclosed),
 * not in what is held now (purposes, categories, holders, sources, retention).
 */
final class CopiesDigest implements Consumer<HoldingDetail> {

    private final Map<String, AppDirectory.AppInfo> directory;
    private final Set<List<String>> flaggedFlows;
    private final Map<String, Set<String>> purposeHolders = new TreeMap<>();
    private final Map<String, Set<String>> categoryHolders = new TreeMap<>();
    private final Map<String, Set<String>> holderCategories = new TreeMap<>();
    private final Map<List<String>, Recipient> recipients = new TreeMap<>(CopiesDigest::compare);
    private final Map<List<String>, Retention> retention = new TreeMap<>(CopiesDigest::compare);
    private final Set<List<String>> sources = new TreeSet<>(CopiesDigest::compare);
    private final Map<List<String>, Flow> flows = new TreeMap<>(CopiesDigest::compare);
    private final Map<String, String> reportedCountries = new HashMap<>();

    /** {@code flaggedFlows}: the (sender, recipient) pairs of the subject's flagged transfers. */
    CopiesDigest(Map<String, AppDirectory.AppInfo> directory, Set<List<String>> flaggedFlows) {
        this.directory = directory;
        this.flaggedFlows = flaggedFlows;
    }

    @Override
    public void accept(HoldingDetail detail) {
        Holding copy = detail.holding();
        Holding.Source source = copy.source();
        boolean transfer = "transfer".equals(source.type());
        if (transfer) {
            if (detail.recipientCountry() != null) {
                reportedCountries.put(copy.holder(), detail.recipientCountry());
            }
            recipients.computeIfAbsent(List.of(copy.holder(), source.from()), key -> new Recipient()).add(detail);
            flows.computeIfAbsent(List.of(source.from(), copy.holder()), key -> new Flow()).add(copy);
        }
        if ("erased".equals(copy.status())) {
            return;
        }
        copy.purposes().forEach(p -> purposeHolders.computeIfAbsent(p, k -> new TreeSet<>()).add(copy.holder()));
        categoryHolders.computeIfAbsent(copy.category(), k -> new TreeSet<>()).add(copy.holder());
        holderCategories.computeIfAbsent(copy.holder(), k -> new TreeSet<>()).add(copy.category());
        if (transfer) {
            sources.add(List.of(copy.holder(), copy.category(), source.type(), source.from(), ""));
        } else if (source.method() != null && !"provided".equals(source.method())) {
            sources.add(List.of(copy.holder(), copy.category(), source.type(), "", source.method()));
        }
        if (detail.retention() != null) {
            retention.computeIfAbsent(List.of(copy.holder(), copy.category(), detail.retention()), k -> new Retention())
                    .add(detail);
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
        return recipients.entrySet().stream().map(e -> {
            AppDirectory.AppInfo app = app(e.getKey().get(0));
            Recipient r = e.getValue();
            return new SubjectReport.RecipientItem(app.appId(), app.name(), app.country(),
                    app.country() != null && !Countries.inEea(app.country()), r.safeguards.isEmpty() ? null
                    : String.join(", ", r.safeguards), e.getKey().get(1), r.transfers.size(),
                    List.copyOf(r.categories), r.since);
        }).toList();
    }

    List<SubjectReport.RetentionItem> retention() {
        return retention.entrySet().stream().map(e -> new SubjectReport.RetentionItem(e.getKey().get(0),
                e.getKey().get(1), e.getKey().get(2), e.getValue().copies, e.getValue().until, e.getValue().lastUntil,
                e.getValue().overdue ? "overdue" : "active")).toList();
    }

    /** {@code explain}: the sentence for a source, given the holder's and the sender's names. */
    List<SubjectReport.SourceItem> sources(Explanation explain) {
        return sources.stream().map(s -> {
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
        Set<String> apps = new LinkedHashSet<>();
        flows.keySet().forEach(apps::addAll);
        holderCategories.keySet().forEach(apps::add);
        List<Lineage.Node> nodes = apps.stream().map(this::app)
                .map(app -> new Lineage.Node(app.appId(), app.name(), app.country(), app.registered())).toList();
        List<SubjectReport.Flow> edges = new ArrayList<>();
        flows.forEach((key, flow) -> edges.add(new SubjectReport.Flow(key.get(0), key.get(1),
                List.copyOf(flow.categories), flow.transfers.size(), flow.first, flow.last, flaggedFlows.contains(key))));
        return new SubjectReport.LineageView(nodes, edges);
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

    private static final class Recipient {
        private final Set<String> categories = new TreeSet<>();
        private final Set<String> safeguards = new TreeSet<>();
        private final Set<String> transfers = new TreeSet<>();
        private Instant since;

        void add(HoldingDetail detail) {
            categories.add(detail.holding().category());
            if (detail.safeguard() != null) {
                safeguards.add(detail.safeguard());
            }
            transfers.add(String.valueOf(detail.holding().source().transferId()));
            since = since == null || detail.holding().since().isBefore(since) ? detail.holding().since() : since;
        }
    }

    private static final class Retention {
        private long copies;
        private Instant until;
        private Instant lastUntil;
        private boolean overdue;

        void add(HoldingDetail detail) {
            copies++;
            Instant ends = detail.retentionEnds();
            until = until == null || ends.isBefore(until) ? ends : until;
            lastUntil = lastUntil == null || ends.isAfter(lastUntil) ? ends : lastUntil;
            overdue |= "overdue".equals(detail.holding().status());
        }
    }

    private static final class Flow {
        private final Set<String> categories = new TreeSet<>();
        private final Set<String> transfers = new TreeSet<>();
        private Instant first;
        private Instant last;

        void add(Holding copy) {
            categories.add(copy.category());
            transfers.add(String.valueOf(copy.source().transferId()));
            first = first == null || copy.since().isBefore(first) ? copy.since() : first;
            last = last == null || copy.since().isAfter(last) ? copy.since() : last;
        }
    }
}
