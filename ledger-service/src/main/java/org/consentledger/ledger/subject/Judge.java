package org.consentledger.ledger.subject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.ledger.rules.ConsentGrants;
import org.consentledger.ledger.rules.CopiesHeld;
import org.consentledger.ledger.rules.TransferReceipts;

/**
 * Judges a subject's history in the order things happened (each report's {@code time}; ties in
 * arrival order), whatever order the reports arrived in: the state the rules of {@code ledger.rules}
 * look back at (the consent grants, the copies held, the transfer receipts), which each kind of
 * report reads and moves on in its own way ({@link Fact}). {@link #resume} judges a run of history
 * after what was judged so far; {@link #verdicts} judges one more report that happened after all of
 * them, in time proportional to what the sender holds, not to the length of the history, and
 * {@link #record} takes it into the state.
 */
final class Judge {

    final ConsentGrants grants;
    final CopiesHeld copies;
    final TransferReceipts receipts;

    Judge() {
        this(new ConsentGrants(), new CopiesHeld(), new TransferReceipts());
    }

    Judge(ConsentGrants grants, CopiesHeld copies, TransferReceipts receipts) {
        this.grants = grants;
        this.copies = copies;
        this.receipts = receipts;
    }

    /** An independent copy: judging more facts with one leaves the other as it was. */
    Judge copy() {
        return new Judge(grants.copy(), copies.copy(), receipts.copy());
    }

    /**
     * Judges the facts, given in the order they happened, all of them after (consents and
     * withdrawals strictly after) every fact judged so far. The consents among them are known up
     * front (every grant, then every withdrawal: a withdrawal counts whenever it was reported); each
     * claim counts only those granted by its time. So judging a history in two parts, one after the
     * other, ends as judging it at once. Answers the verdicts set, each entry's last one: a judge
     * that goes on needs only what the rules look back at.
     */
    Map<JudgedEntry, Verdict> resume(List<Fact> byTime) {
        byTime.stream().filter(Fact.Granted.class::isInstance).forEach(fact -> record(fact, null));
        byTime.stream().filter(Fact.Withdrawn.class::isInstance).forEach(fact -> record(fact, null));
        Map<JudgedEntry, Verdict> verdicts = new LinkedHashMap<>();
        byTime.stream().filter(fact -> !fact.aboutConsent()).forEach(fact -> verdicts.putAll(apply(fact)));
        return verdicts;
    }

    /** Whether the entry is a receipt that no transfer judged so far confirms: a later transfer may. */
    boolean awaitsConfirmation(JudgedEntry entry) {
        return receipts.awaitsConfirmation(entry);
    }

    /**
     * Judges a report that happened after (or with) every report judged so far; a consent or a
     * withdrawal only if it happened strictly after all of them (and a grant's id is new), so that no
     * earlier verdict can change. Answers the verdicts this report sets ({@link #verdicts}) once it is
     * recorded ({@link #record}).
     */
    Map<JudgedEntry, Verdict> apply(Fact fact) {
        Map<JudgedEntry, Verdict> set = verdicts(fact);
        record(fact, set.get(fact.entry()));
        return set;
    }

    /** The verdicts judging the report sets, changing nothing ({@link Fact#verdicts}). */
    Map<JudgedEntry, Verdict> verdicts(Fact fact) {
        return fact.verdicts(this);
    }

    /**
     * Records a report judged with {@link #verdicts} after every report recorded so far: {@code verdict}
     * is its own (null for consents, withdrawals and erasures), whose consents the copies it makes
     * rest on. Answers the verdicts it set, as {@link #verdicts} did.
     */
    Map<JudgedEntry, Verdict> record(Fact fact, Verdict verdict) {
        Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
        if (verdict != null) {
            set.put(fact.entry(), verdict);
        }
        fact.record(this, verdict, set);
        return set;
    }
}
