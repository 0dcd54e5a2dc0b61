package org.consentledger.query.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.consentledger.query.accesses.Accesses;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.consents.ConsentView;
import org.consentledger.query.consents.ConsentsRepository;
import org.consentledger.query.history.HistoryEntry;
import org.consentledger.query.history.HistoryRepository;
import org.consentledger.query.holdings.HoldingsRepository;
import org.consentledger.query.holdings.HoldingsSummary;
import org.consentledger.query.violations.ViolationsRepository;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/** Builds the data-access report of one person, in the asked language, from the read models. */
@Service
public class ReportService {

    private final HoldingsRepository holdings;
    private final ConsentsRepository consents;
    private final ViolationsRepository violations;
    private final HistoryRepository history;
    private final AppDirectory apps;
    private final MessageSource messages;
    private final ReportProperties report;
    private final Receipts receipts;
    private final Accesses accesses;

    ReportService(HoldingsRepository holdings, ConsentsRepository consents, ViolationsRepository violations,
                  HistoryRepository history, AppDirectory apps, MessageSource messages, ReportProperties report,
                  Receipts receipts, Accesses accesses) {
        this.receipts = receipts;
        this.accesses = accesses;
        this.holdings = holdings;
        this.consents = consents;
        this.violations = violations;
        this.history = history;
        this.apps = apps;
        this.messages = messages;
        this.report = report;
    }

    public SubjectReport report(String subject, Instant asOf, Locale locale) {
        CopiesDigest copies = new CopiesDigest(apps.all(), violations.flaggedFlows(subject, asOf),
                holdings.transfers(subject, asOf), holdings.collectedOtherwise(subject, asOf));
        HoldingsSummary counted = new HoldingsSummary();
        holdings.count(subject, asOf, copies.andThen(counted::add));
        Terms terms = new Terms(messages, locale);
        List<HoldingsSummary.Row> summary = counted.rows();
        summary.forEach(row -> label(row, terms));
        List<SubjectReport.RetentionItem> retention = copies.retention();
        retention.forEach(r -> terms.retention(r.retention()));
        List<ConsentView> consentHistory = consents.of(subject, asOf);
        consentHistory.forEach(c -> c.purposes().forEach(terms::purpose));
        SubjectReport.Operator operator = operator(locale);
        return new SubjectReport(subject, asOf, locale.getLanguage(), operator,
                copies.purposes(terms), copies.categories(terms), copies.recipients(), retention, rights(operator, locale),
                copies.sources((type, method, holder, from) -> "transfer".equals(type)
                        ? text("source.transfer", new Object[] {holder, from}, locale)
                        : text("source." + method, new Object[] {holder}, locale)),
                copies.holders(), summary, copies.lineage(),
                violations.find(subject, null, null, asOf.plusNanos(1), SubjectReport.VIOLATIONS_LISTED, true),
                violations.count(subject, asOf), consentHistory, timeline(subject, asOf, locale),
                history.count(subject, asOf), receipts.of(subject),
                accesses.latest(subject, asOf, SubjectReport.ACCESSES_LISTED), accesses.count(subject, asOf),
                terms.labelled(), links(subject));
    }

    private static void label(HoldingsSummary.Row row, Terms terms) {
        terms.category(row.category());
        row.purposes().forEach(terms::purpose);
        row.legalBases().forEach(terms::basis);
    }

    /** Where the rest of what the report lists only in part can be fetched, page by page. */
    private static Map<String, String> links(String subject) {
        String base = "/api/v1/subjects/" + subject;
        Map<String, String> links = new LinkedHashMap<>();
        links.put("holdings", base + "/holdings");
        links.put("summary", base + "/holdings/summary");
        links.put("history", base + "/history");
        links.put("accesses", base + "/accesses");
        links.put("violations", "/api/v1/audit/violations?subject=" + subject);
        return links;
    }

    /** Who runs the ledger; the authority, unless the operator named theirs, in the report's language. */
    private SubjectReport.Operator operator(Locale locale) {
        String authority = report.supervisoryAuthority() == null || report.supervisoryAuthority().isBlank()
                ? text("authority.default", null, locale) : report.supervisoryAuthority();
        return new SubjectReport.Operator(report.operatorName(), report.operatorContact(), authority);
    }

    private SubjectReport.Rights rights(SubjectReport.Operator operator, Locale locale) {
        Object[] contact = {operator.name(), operator.contact(), operator.supervisoryAuthority()};
        return new SubjectReport.Rights(text("rights.rectification", contact, locale),
                text("rights.erasure", contact, locale), text("rights.restriction", contact, locale),
                text("rights.objection", contact, locale), text("rights.complaint", contact, locale));
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

    private String text(String key, Object[] args, Locale locale) {
        return messages.getMessage(key, args, locale);
    }
}
