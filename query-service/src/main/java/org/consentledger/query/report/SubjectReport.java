package org.consentledger.query.report;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.consentledger.query.accesses.Accesses;
import org.consentledger.query.consents.ConsentView;
import org.consentledger.query.holdings.HoldingsSummary;
import org.consentledger.query.lineage.Lineage;
import org.consentledger.query.violations.Violation;

/**
 * The data-access report (GDPR Art. 15) from what the ledger recorded: every point of Art. 15(1)
 * — purposes (a), categories (b), named recipients with third-country safeguards (c, Art. 15(2)),
 * retention (d), the rights (e, f), the sources of data not collected from the person (g), inferred
 * data (h) — and in addition the transfer lineage, the violations and the consent history. Built
 * for a person to read: one line per holder and category ({@code summary}), never one per copy; the
 * latest entries of what grows with time, with the count of all and where they are ({@code links});
 * every term's label in the report's language ({@code labels}, by the term's id).
 */
public record SubjectReport(
        String subject,
        Instant asOf,
        String language,
        Operator operator,
        List<PurposeItem> purposes,
        List<CategoryItem> categories,
        List<RecipientItem> recipients,
        List<RetentionItem> retention,
        Rights rights,
        List<SourceItem> sources,
        List<HolderItem> holders,
        List<HoldingsSummary.Row> summary,
        LineageView lineage,
        List<Violation> violations,
        long violationCount,
        List<ConsentView> consentHistory,
        List<TimelineItem> timeline,
        long timelineCount,
        List<Receipt> receipts,
        List<Accesses.SubjectAccess> accesses,
        long accessCount,
        Map<String, String> labels,
        Map<String, String> links) {

    /** The most violations a report lists (the latest); all are at {@code links.violations}. */
    public static final int VIOLATIONS_LISTED = 100;

    /** The most reported events a report lists (the latest); all are at {@code /history}. */
    public static final int TIMELINE_LISTED = 100;

    /** The most reads of the person's record by others a report lists (the latest); all are at {@code /accesses}. */
    public static final int ACCESSES_LISTED = 100;

    /** Who runs this ledger and where to turn to. */
    public record Operator(String name, String contact, String supervisoryAuthority) {
    }

    /** Art. 15(1)(a): a purpose and the apps processing the person's data for it. */
    public record PurposeItem(String purpose, String label, List<String> holders) {
    }

    /** Art. 15(1)(b): a category of data and who holds it. */
    public record CategoryItem(String category, String label, boolean specialCategory, List<String> holders) {
    }

    /**
     * Art. 15(1)(c), 15(2): a named app that received data from another, where it is, under which
     * safeguard, how many times and since when.
     */
    public record RecipientItem(String app, String name, String country, boolean outsideEea, String safeguard,
                                String from, int transfers, List<String> categories, Instant since) {
    }

    /**
     * Art. 15(1)(d): how long a holder keeps a category, as reported when collected: of the copies
     * held, the first ends {@code until}, the last {@code lastUntil}; {@code overdue} if one is kept too long.
     */
    public record RetentionItem(String holder, String category, String retention, long copies, Instant until,
                                Instant lastUntil, String status) {
    }

    /** The apps and who passed the person's data to whom: one arrow per sender and recipient. */
    public record LineageView(List<Lineage.Node> nodes, List<Flow> edges) {
    }

    /** Transfers from one app to another: the categories, how many, the first and the last; {@code flagged} if one broke a rule. */
    public record Flow(String from, String to, List<String> categories, int transfers, Instant at, Instant last,
                       boolean flagged) {
    }

    /** A term's label, or the term itself. */
    public String label(String term) {
        return labels.getOrDefault(term, term);
    }

    /** Art. 15(1)(e), (f): the person's rights, in plain language, and where to complain. */
    public record Rights(String rectification, String erasure, String restriction, String objection,
                         String complaint) {
    }

    /** Art. 15(1)(g), (h): where an item not collected from the person came from, or that it was inferred. */
    public record SourceItem(String holder, String category, String sourceType, String from, String method,
                             String explanation) {
    }

    /** Each app holding data about the person, named. */
    public record HolderItem(String app, String name, String country, boolean registered, int categories) {
    }

    /**
     * Proof that one consent grant or withdrawal is in the ledger's tamper-evident log: the leaf, its
     * inclusion proof in the signed checkpoint, the log's key, and the key that opens that event
     * alone ({@code ledger-verify.jar receipt} checks it offline).
     */
    public record Receipt(String eventId, String type, String consentId, String controller, List<String> purposes,
                          List<String> categories, String legalBasis, String time, long leafIndex, long treeSize,
                          String leaf, List<String> inclusionProof, String checkpoint, String logKey, String eventKey) {
    }

    /** One reported event about the person, in the order it happened. */
    public record TimelineItem(Instant time, String app, String type, String label, List<String> violations) {
    }
}
