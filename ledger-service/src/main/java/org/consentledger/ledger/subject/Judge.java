package org.consentledger.ledger.subject;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * Judges a subject's history in the order things happened (each report's {@code time}; ties in
 * arrival order), whatever order the reports arrived in. {@link #resume} judges a run of history
 * after what was judged so far; {@link #apply} judges one more report that happened after all of
 * them, in time proportional to what the sender holds, not to the length of the history.
 */
@SnapshotState
final class Judge {

    /** Per holder and category, the distinct sets of consents the unerased copies rest on. */
    private final Map<String, Map<String, Set<Set<String>>>> holdings = new HashMap<>();
    /** Every grant of each consent id, in the order they happened: a renewal under the same id is a new version. */
    private final Map<String, List<Consent>> consents = new HashMap<>();
    /** The earliest withdrawal of each consent id, kept for a grant reported after its withdrawal. */
    private final Map<String, Instant> withdrawals = new HashMap<>();
    private final Set<Transfer> reportedTransfers = new HashSet<>();
    /** Receipts no reported transfer confirms yet, by transfer id: a transfer reported later confirms them. */
    private final Map<String, List<JudgedEntry>> unconfirmedReceipts = new HashMap<>();

    /**
     * A reported transfer, as a receipt looks it up. Kept for every transfer of every cached subject,
     * so it is small: the parties' app ids are shared strings rather than one copy per transfer.
     */
    private record Transfer(String id, String from, String to) {

        /** The form kept: app ids shared. Looking one up needs no interning. */
        Transfer kept() {
            return new Transfer(id, from.intern(), to.intern());
        }

        /** Read back from a snapshot, in the form kept. */
        @JsonCreator
        static Transfer read(@JsonProperty("id") String id, @JsonProperty("from") String from,
                             @JsonProperty("to") String to) {
            return new Transfer(id, from, to).kept();
        }
    }

    Judge() {
    }

    /** An independent copy: judging more facts with one leaves the other as it was. */
    private Judge(Judge other) {
        other.holdings.forEach((holder, held) -> {
            Map<String, Set<Set<String>>> copy = new HashMap<>();
            held.forEach((category, copies) -> copy.put(category, new LinkedHashSet<>(copies)));
            holdings.put(holder, copy);
        });
        other.consents.forEach((id, grants) -> consents.put(id, new ArrayList<>(grants)));
        withdrawals.putAll(other.withdrawals);
        reportedTransfers.addAll(other.reportedTransfers);
        other.unconfirmedReceipts.forEach((id, receipts) -> unconfirmedReceipts.put(id, new ArrayList<>(receipts)));
    }

    Judge copy() {
        return new Judge(this);
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
        byTime.stream().filter(fact -> fact.data() instanceof ConsentGranted).forEach(this::grant);
        byTime.stream().filter(fact -> fact.data() instanceof ConsentWithdrawn).forEach(this::withdraw);
        Map<JudgedEntry, Verdict> verdicts = new LinkedHashMap<>();
        byTime.stream().filter(fact -> !fact.aboutConsent()).forEach(fact -> verdicts.putAll(apply(fact)));
        return verdicts;
    }

    /** Whether the entry is a receipt that no transfer judged so far confirms: a later transfer may. */
    boolean awaitsConfirmation(JudgedEntry entry) {
        List<JudgedEntry> unconfirmed = entry.transferId() == null ? null : unconfirmedReceipts.get(entry.transferId());
        return unconfirmed != null && unconfirmed.contains(entry);
    }

    /** Whether a consent with this id was granted in the history judged so far. */
    boolean knowsConsent(String consentId) {
        return consents.containsKey(consentId);
    }

    /**
     * Judges a report that happened after (or with) every report judged so far; a consent or a
     * withdrawal only if it happened strictly after all of them (and a grant's id is new), so that no
     * earlier verdict can change. Answers the verdicts this report set: its own, and for a transfer
     * those of the flagged receipts it now confirms.
     */
    Map<JudgedEntry, Verdict> apply(Fact fact) {
        Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
        String app = fact.origin().app();
        Instant at = fact.origin().time();
        if (fact.data() instanceof ConsentGranted) {
            grant(fact);
        } else if (fact.data() instanceof ConsentWithdrawn) {
            withdraw(fact);
        } else if (fact.data() instanceof DataErased erasure) {
            erase(app, erasure);
        } else if (fact.data() instanceof DataCollected c) {
            ConsentCoverage.Outcome outcome = check(new Claim(app, null, at, c.categories(), c.purposes(),
                    c.legalBasis(), c.consentId()));
            Set<String> restsOn = restsOn(outcome);
            c.categories().forEach(category -> hold(app, category, restsOn));
            set.put(fact.entry(), verdict(outcome.violations(), restsOn));
        } else if (fact.data() instanceof DataTransferred t) {
            set.put(fact.entry(), transfer(fact, t));
            reportedTransfers.add(new Transfer(t.transferId(), app, t.recipient()).kept());
            confirmReceipts(t.transferId(), set);
        } else if (fact.data() instanceof DataReceived r) {
            JudgedEntry receipt = fact.entry();
            Verdict verdict = receipt(receipt);
            if (!verdict.equals(Verdict.VALID)) {
                unconfirmedReceipts.computeIfAbsent(r.transferId(), id -> new ArrayList<>()).add(receipt);
            }
            set.put(receipt, verdict);
        }
        return set;
    }

    /** Flagged receipts of the transfer that a reported transfer now confirms become valid and are let go. */
    private void confirmReceipts(String transferId, Map<JudgedEntry, Verdict> set) {
        List<JudgedEntry> unconfirmed = unconfirmedReceipts.get(transferId);
        if (unconfirmed == null) {
            return;
        }
        for (Iterator<JudgedEntry> receipts = unconfirmed.iterator(); receipts.hasNext(); ) {
            JudgedEntry receipt = receipts.next();
            if (receipt(receipt).equals(Verdict.VALID)) {
                set.put(receipt, Verdict.VALID);
                receipts.remove();
            }
        }
        if (unconfirmed.isEmpty()) {
            unconfirmedReceipts.remove(transferId);
        }
    }

    /** A receipt is confirmed by a transfer of that id reported by the named sender to the receiving app. */
    private Verdict receipt(JudgedEntry receipt) {
        return reportedTransfers.contains(new Transfer(receipt.transferId(), receipt.from(), receipt.to()))
                ? Verdict.VALID : verdict(EnumSet.of(ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER), Set.of());
    }

    private Verdict transfer(Fact fact, DataTransferred t) {
        String sender = fact.origin().app();
        ConsentCoverage.Outcome outcome = check(new Claim(t.recipient(), sender, fact.origin().time(),
                t.categories(), t.purposes(), t.legalBasis(), t.consentId()));
        Set<ViolationCode> violations = EnumSet.noneOf(ViolationCode.class);
        violations.addAll(outcome.violations());
        Set<String> restsOn = restsOn(outcome);
        for (String category : t.categories()) {
            if (!addSources(sender, category, restsOn)) {
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
        t.categories().forEach(category -> hold(t.recipient(), category, restsOn));
        return verdict(violations, restsOn);
    }

    /** Whether the holder has an unerased copy covering the category; adds what those copies rest on. */
    private boolean addSources(String holder, String category, Set<String> restsOn) {
        Map<String, Set<Set<String>>> held = holdings.getOrDefault(holder, Map.of());
        boolean found = false;
        for (String c = category; c != null; c = Vocabulary.parentOf(c)) {
            Set<Set<String>> copies = held.get(c);
            if (copies != null && !copies.isEmpty()) {
                found = true;
                copies.forEach(restsOn::addAll);
            }
        }
        return found;
    }

    private void hold(String holder, String category, Set<String> restsOn) {
        holdings.computeIfAbsent(holder, h -> new HashMap<>()).computeIfAbsent(category, c -> new LinkedHashSet<>())
                .add(Set.copyOf(restsOn));
    }

    /** Erased copies can no longer be passed on: they are dropped (a parent category erases its children). */
    private void erase(String app, DataErased erasure) {
        Map<String, Set<Set<String>>> held = holdings.get(app);
        if (held != null) {
            held.keySet().removeIf(category -> erasure.erasesEverything()
                    || erasure.categories().stream().anyMatch(c -> Vocabulary.covers(c, category)));
        }
    }

    /**
     * A second grant with the same id renews the consent from its time on: each claim is judged
     * against the latest grant given by then ({@link ConsentCoverage}). A withdrawal ends every grant
     * of the id, whenever it was reported, even one that happened before the grant.
     */
    private void grant(Fact fact) {
        ConsentGranted grant = (ConsentGranted) fact.data();
        Consent granted = Consent.granted(fact.origin().app(), fact.origin().time(), grant);
        Instant withdrawn = withdrawals.get(grant.consentId());
        consents.computeIfAbsent(grant.consentId(), id -> new ArrayList<>(1))
                .add(withdrawn == null ? granted : granted.withdrawnAt(withdrawn));
    }

    private void withdraw(Fact fact) {
        ConsentWithdrawn withdrawal = (ConsentWithdrawn) fact.data();
        Instant at = fact.origin().time();
        withdrawals.merge(withdrawal.consentId(), at, (old, neu) -> old.isBefore(neu) ? old : neu);
        List<Consent> grants = consents.get(withdrawal.consentId());
        if (grants != null) {
            grants.replaceAll(c -> c.withdrawnAt(at));
        }
    }

    /** The coverage rule over the grants that can matter: the named consent's, or every one. */
    private ConsentCoverage.Outcome check(Claim claim) {
        List<Consent> grants;
        if (claim.consentId() != null) {
            grants = consents.getOrDefault(claim.consentId(), List.of());
        } else {
            grants = new ArrayList<>(consents.size());
            consents.values().forEach(grants::addAll);
        }
        return ConsentCoverage.check(grants, claim);
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
