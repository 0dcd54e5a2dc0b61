package org.consentledger.query.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.contracts.vocabulary.Vocabulary;
import org.consentledger.query.accesses.Accesses;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.consents.ConsentsRepository;
import org.consentledger.query.history.HistoryEntry;
import org.consentledger.query.history.HistoryRepository;
import org.consentledger.query.holdings.Holding;
import org.consentledger.query.holdings.HoldingDetail;
import org.consentledger.query.holdings.HoldingsRepository;
import org.consentledger.query.lineage.LineageService;
import org.consentledger.query.violations.ViolationsRepository;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/** Builds the data-access report of one person, in the asked language, from the read models. */
@Service
public class ReportService {

    private static final int MAX_VIOLATIONS = 1000;

    private final HoldingsRepository holdings;
    private final ConsentsRepository consents;
    private final ViolationsRepository violations;
    private final HistoryRepository history;
    private final LineageService lineage;
    private final AppDirectory apps;
    private final MessageSource messages;
    private final SubjectReport.Operator operator;
    private final Receipts receipts;
    private final Accesses accesses;

    ReportService(HoldingsRepository holdings, ConsentsRepository consents, ViolationsRepository violations,
                  HistoryRepository history, LineageService lineage, AppDirectory apps, MessageSource messages,
                  ReportProperties report, Receipts receipts, Accesses accesses) {
        this.receipts = receipts;
        this.accesses = accesses;
        this.holdings = holdings;
        this.consents = consents;
        this.violations = violations;
        this.history = history;
        this.lineage = lineage;
        this.apps = apps;
        this.messages = messages;
        this.operator = new SubjectReport.Operator(report.operatorName(), report.operatorContact(),
                report.supervisoryAuthority());
    }

    public SubjectReport report(String subject, Instant asOf, Locale locale) {
        Map<String, AppDirectory.AppInfo> directory = apps.all();
        List<HoldingDetail> details = holdings.ofSubject(subject, asOf);
        List<Holding> all = details.stream().map(HoldingDetail::holding).toList();
        List<Holding> held = all.stream().filter(h -> !"erased".equals(h.status())).toList();
        return new SubjectReport(subject, asOf, locale.getLanguage(), operator,
                purposes(held, locale), categories(held, locale), recipients(details, directory), retention(details),
                rights(locale), sources(held, locale, directory), holders(held, directory), all,
                lineage.lineage(subject, asOf, details),
                violations.find(subject, null, null, asOf.plusNanos(1), MAX_VIOLATIONS, false),
                consents.of(subject, asOf), timeline(subject, asOf, locale), history.count(subject, asOf), receipts.of(subject),
                accesses.latest(subject, asOf, SubjectReport.ACCESSES_LISTED), accesses.count(subject, asOf));
    }

    private List<SubjectReport.PurposeItem> purposes(List<Holding> held, Locale locale) {
        Map<String, Set<String>> byPurpose = new LinkedHashMap<>();
        held.forEach(h -> h.purposes().forEach(p -> byPurpose.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(h.holder())));
        return byPurpose.entrySet().stream().map(e -> new SubjectReport.PurposeItem(e.getKey(),
                label("purpose", e.getKey(), locale), List.copyOf(e.getValue()))).toList();
    }

    private List<SubjectReport.CategoryItem> categories(List<Holding> held, Locale locale) {
        Map<String, Set<String>> byCategory = new LinkedHashMap<>();
        held.forEach(h -> byCategory.computeIfAbsent(h.category(), k -> new LinkedHashSet<>()).add(h.holder()));
        Vocabulary vocabulary = Vocabulary.bundled();
        return byCategory.entrySet().stream().map(e -> new SubjectReport.CategoryItem(e.getKey(),
                label("category", e.getKey(), locale), vocabulary.isSpecialCategory(e.getKey()),
                List.copyOf(e.getValue()))).toList();
    }

    private static List<SubjectReport.RecipientItem> recipients(List<HoldingDetail> details,
                                                                Map<String, AppDirectory.AppInfo> directory) {
        Map<List<Object>, List<HoldingDetail>> byTransfer = new LinkedHashMap<>();
        details.stream().filter(d -> "transfer".equals(d.holding().source().type())).forEach(d -> byTransfer
                .computeIfAbsent(List.of(d.holding().holder(), d.holding().source().from(),
                        d.holding().source().transferId()), k -> new ArrayList<>()).add(d));
        return byTransfer.values().stream().map(group -> {
            HoldingDetail first = group.get(0);
            AppDirectory.AppInfo app = AppDirectory.lookup(directory, first.holding().holder());
            String country = first.recipientCountry() != null ? first.recipientCountry() : app.country();
            return new SubjectReport.RecipientItem(app.appId(), app.name(), country,
                    country != null && !Countries.inEea(country), first.safeguard(), first.holding().source().from(),
                    first.holding().source().transferId(), group.stream().map(d -> d.holding().category()).toList(),
                    first.holding().since());
        }).toList();
    }

    private static List<SubjectReport.RetentionItem> retention(List<HoldingDetail> details) {
        return details.stream().filter(d -> d.retention() != null)
                .map(d -> new SubjectReport.RetentionItem(d.holding().holder(), d.holding().category(), d.retention(),
                        d.retentionEnds(), d.holding().status()))
                .toList();
    }

    private SubjectReport.Rights rights(Locale locale) {
        Object[] contact = {operator.name(), operator.contact(), operator.supervisoryAuthority()};
        return new SubjectReport.Rights(text("rights.rectification", contact, locale),
                text("rights.erasure", contact, locale), text("rights.restriction", contact, locale),
                text("rights.objection", contact, locale), text("rights.complaint", contact, locale));
    }

    private List<SubjectReport.SourceItem> sources(List<Holding> held, Locale locale,
                                                   Map<String, AppDirectory.AppInfo> directory) {
        List<SubjectReport.SourceItem> sources = new ArrayList<>();
        for (Holding h : held) {
            Holding.Source source = h.source();
            String holder = AppDirectory.lookup(directory, h.holder()).name();
            if ("transfer".equals(source.type())) {
                String from = AppDirectory.lookup(directory, source.from()).name();
                sources.add(new SubjectReport.SourceItem(h.holder(), h.category(), source.type(), source.from(), null,
                        text("source.transfer", new Object[] {holder, from}, locale)));
            } else if (!"provided".equals(source.method())) {
                sources.add(new SubjectReport.SourceItem(h.holder(), h.category(), source.type(), null, source.method(),
                        text("source." + source.method(), new Object[] {holder}, locale)));
            }
        }
        return sources;
    }

    private static List<SubjectReport.HolderItem> holders(List<Holding> held, Map<String, AppDirectory.AppInfo> directory) {
        Map<String, Set<String>> categories = new LinkedHashMap<>();
        held.forEach(h -> categories.computeIfAbsent(h.holder(), k -> new LinkedHashSet<>()).add(h.category()));
        return categories.entrySet().stream().map(e -> {
            AppDirectory.AppInfo app = AppDirectory.lookup(directory, e.getKey());
            return new SubjectReport.HolderItem(app.appId(), app.name(), app.country(), app.registered(),
                    e.getValue().size());
        }).toList();
    }

    private List<SubjectReport.TimelineItem> timeline(String subject, Instant asOf, Locale locale) {
        List<SubjectReport.TimelineItem> timeline = new ArrayList<>();
        for (HistoryEntry entry : history.latest(subject, asOf, SubjectReport.TIMELINE_LISTED)) {
            String type = entry.type().replace("org.consentledger.", "").replace(".v1", "");
            String app = entry.source().substring("/apps/".length());
            timeline.add(new SubjectReport.TimelineItem(entry.time(), app, type,
                    text("type." + type, new Object[] {app}, locale), entry.violations()));
        }
        return timeline;
    }

    /** A term's label in the language asked for; terms without one read as words ("dpv:ServiceProvision" → "Service Provision"). */
    private String label(String kind, String term, Locale locale) {
        String key = kind + "." + term.replace(':', '_');
        return messages.getMessage(key, null, humanize(term), locale);
    }

    private String text(String key, Object[] args, Locale locale) {
        return messages.getMessage(key, args, locale);
    }

    static String humanize(String term) {
        String last = term.substring(Math.max(term.lastIndexOf(':'), term.lastIndexOf('.')) + 1);
        String words = last.replace('_', ' ').replaceAll("([a-z])([A-Z])", "$1 $2");
        return words.isEmpty() ? term : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
