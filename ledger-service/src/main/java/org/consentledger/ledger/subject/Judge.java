package org.consentledger.ledger.subject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.ViolationCode;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.ledger.rules.Claim;
import org.consentledger.ledger.rules.ConsentCoverage;
import org.consentledger.ledger.rules.ConsentGrants;
import org.consentledger.ledger.rules.CopiesHeld;
import org.consentledger.ledger.rules.SnapshotState;
import org.consentledger.ledger.rules.TransferReceipts;

/**
 * Judges a subject's history in the order things happened (each report's {@code time}; ties in
 * arrival order), whatever order the reports arrived in, with the rules of {@code ledger.rules}: the
 * consent grants, the copies held, the transfer receipts. {@link #resume} judges a run of history
 * after what was judged so far; {@link #verdicts} judges one more report that happened after all of
 * them, in time proportional to what the sender holds, not to the length of the history, and
 * {@link #record} takes it into the state.
 */
@SnapshotState
final class Judge {

    private final ConsentGrants grants;
    private final CopiesHeld copies;
    private final TransferReceipts receipts;

    Judge() {
        this(new ConsentGrants(), new CopiesHeld(), new TransferReceipts());
    }

    private Judge(ConsentGrants grants, CopiesHeld copies, TransferReceipts receipts) {
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
        byTime.stream().filter(fact -> fact.data() instanceof ConsentGranted).forEach(fact -> record(fact, null));
        byTime.stream().filter(fact -> fact.data() instanceof ConsentWithdrawn).forEach(fact -> record(fact, null));
        Map<JudgedEntry, Verdict> verdicts = new LinkedHashMap<>();
        byTime.stream().filter(fact -> !fact.aboutConsent()).forEach(fact -> verdicts.putAll(apply(fact)));
        return verdicts;
    }

    /** Whether the entry is a receipt that no transfer judged so far confirms: a later transfer may. */
    boolean awaitsConfirmation(JudgedEntry entry) {
        return receipts.awaitsConfirmation(entry);
    }

    /** Whether a consent with this id was granted in the history judged so far. */
    boolean knowsConsent(String consentId) {
        return grants.knows(consentId);
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

    /**
     * The verdicts judging the report sets, changing nothing: its own, and for a transfer those of
     * the flagged receipts it confirms. None for consents, withdrawals and erasures.
     */
    Map<JudgedEntry, Verdict> verdicts(Fact fact) {
        Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
        String app = fact.origin().app();
        if (fact.data() instanceof DataCollected c) {
            ConsentCoverage.Outcome outcome = grants.check(new Claim(app, null, fact.origin().time(), c.categories(),
                    c.purposes(), c.legalBasis(), c.consentId()));
            set.put(fact.entry(), verdict(outcome.violations(), restsOn(outcome)));
        } else if (fact.data() instanceof DataTransferred t) {
            set.put(fact.entry(), transfer(fact, t));
            receipts.confirmedBy(t.transferId(), app, t.recipient()).forEach(receipt -> set.put(receipt, Verdict.VALID));
        } else if (fact.data() instanceof DataReceived) {
            set.put(fact.entry(), receipts.receipt(fact.entry()));
        }
        return set;
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
        String app = fact.origin().app();
        if (fact.data() instanceof ConsentGranted grant) {
            grants.grant(app, fact.origin().time(), grant);
        } else if (fact.data() instanceof ConsentWithdrawn withdrawal) {
            grants.withdraw(withdrawal.consentId(), fact.origin().time());
        } else if (fact.data() instanceof DataErased erasure) {
            copies.erase(app, erasure.erasesEverything(), erasure.categories());
        } else if (fact.data() instanceof DataCollected c) {
            copies.hold(app, c.categories(), verdict.restsOn());
        } else if (fact.data() instanceof DataTransferred t) {
            copies.hold(t.recipient(), t.categories(), verdict.restsOn());
            receipts.reported(t.transferId(), app, t.recipient()).forEach(receipt -> set.put(receipt, Verdict.VALID));
        } else if (fact.data() instanceof DataReceived && !verdict.equals(Verdict.VALID)) {
            receipts.awaitConfirmation(fact.entry());
        }
        return set;
    }

    private Verdict transfer(Fact fact, DataTransferred t) {
        String sender = fact.origin().app();
        ConsentCoverage.Outcome outcome = grants.check(new Claim(t.recipient(), sender, fact.origin().time(),
                t.categories(), t.purposes(), t.legalBasis(), t.consentId()));
        Set<ViolationCode> violations = EnumSet.noneOf(ViolationCode.class);
        violations.addAll(outcome.violations());
        Set<String> restsOn = restsOn(outcome);
        for (String category : t.categories()) {
            if (!copies.sources(sender, category, restsOn)) {
                violations.add(ViolationCode.SENDER_NOT_HOLDING);
            }
        }
        RecipientFacts recipient = fact.recipient();
        if (!recipient.registered()) {
            violations.add(ViolationCode.UNREGISTERED_RECIPIENT);
        }
        if (recipient.country() != null && !Countries.inEea(recipient.country()) && t.safeguard() == null) {
            violations.add(ViolationCode.THIRD_COUNTRY_WITHOUT_SAFEGUARD);
        }
        return verdict(violations, restsOn);
    }

    private static Set<String> restsOn(ConsentCoverage.Outcome outcome) {
        Set<String> restsOn = new TreeSet<>();
        if (outcome.restsOn() != null) {
            restsOn.add(outcome.restsOn());
        }
        return restsOn;
    }

    private static Verdict verdict(Set<ViolationCode> violations, Set<String> restsOn) {
        return new Verdict(new ArrayList<>(violations), new ArrayList<>(restsOn));
    }
}
