package org.consentledger.ledger.subject;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.ViolationCode;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.ledger.rules.Claim;
import org.consentledger.ledger.rules.ConsentCoverage;

/**
 * One accepted report about the subject, as the rules see it: who reported it and when it happened
 * ({@code origin}), and which of the six kinds of report it is. Each kind says how it is judged
 * against the subject's state ({@link Judge}) and whose copies it touches ({@link Copies}).
 */
sealed interface Fact {

    Origin origin();

    /** The report as it was sent. */
    Object data();

    /**
     * The verdicts judging the report sets, changing nothing: its own, and for a transfer those of
     * the flagged receipts it confirms. None for consents, withdrawals and erasures.
     */
    default Map<JudgedEntry, Verdict> verdicts(Judge judge) {
        return new LinkedHashMap<>();
    }

    /**
     * Takes the report, judged with its own {@code verdict} (null for consents, withdrawals and
     * erasures), into the state; adds to {@code set} the verdicts that changes beyond its own.
     */
    void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set);

    /** The entry a verdict is about, or null for reports that get none (consents, erasures). */
    default JudgedEntry entry() {
        return null;
    }

    /** A consent or its withdrawal: counts only from the moment it happened. */
    default boolean aboutConsent() {
        return false;
    }

    /** A grant under an id the state already knows (a renewal): it may change earlier verdicts. */
    default boolean renews(Judge judge) {
        return false;
    }

    /** The holder whose copies judging it reads (a transfer's sender). */
    default String reads() {
        return null;
    }

    /** The holder whose copies it adds to (a collector, a transfer's recipient). */
    default String adds() {
        return null;
    }

    /** The holder whose copies it removes (an eraser). */
    default String removes() {
        return null;
    }

    /** The fact a stored event records, or null for events that record none (verdict changes). */
    static Fact of(Object event) {
        if (event instanceof ConsentGrantedEvent e) {
            return new Granted(e.origin(), e.consent());
        }
        if (event instanceof ConsentWithdrawnEvent e) {
            return new Withdrawn(e.origin(), e.withdrawal());
        }
        if (event instanceof DataCollectedEvent e) {
            return new Collected(e.origin(), e.collection());
        }
        if (event instanceof DataTransferredEvent e) {
            return new Transferred(e.origin(), e.transfer(), e.recipient());
        }
        if (event instanceof DataReceivedEvent e) {
            return new Received(e.origin(), e.receipt());
        }
        if (event instanceof DataErasedEvent e) {
            return new Erased(e.origin(), e.erasure());
        }
        return null;
    }

    /** The violations the coverage rule found, to add to. */
    private static Set<ViolationCode> violations(ConsentCoverage.Outcome outcome) {
        Set<ViolationCode> violations = EnumSet.noneOf(ViolationCode.class);
        violations.addAll(outcome.violations());
        return violations;
    }

    /** The consent the coverage rule found, if any, to add to. */
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

    record Granted(Origin origin, ConsentGranted data) implements Fact {

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            judge.grants.grant(origin.app(), origin.time(), data);
        }

        @Override
        public boolean aboutConsent() {
            return true;
        }

        @Override
        public boolean renews(Judge judge) {
            return judge.grants.knows(data.consentId());
        }
    }

    record Withdrawn(Origin origin, ConsentWithdrawn data) implements Fact {

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            judge.grants.withdraw(data.consentId(), origin.time());
        }

        @Override
        public boolean aboutConsent() {
            return true;
        }
    }

    /** Judged by the coverage rule; the collector's copies rest on the consent it names or finds. */
    record Collected(Origin origin, DataCollected data) implements Fact {

        @Override
        public Map<JudgedEntry, Verdict> verdicts(Judge judge) {
            ConsentCoverage.Outcome outcome = judge.grants.check(new Claim(origin.app(), null, origin.time(),
                    data.categories(), data.purposes(), data.legalBasis(), data.consentId()));
            Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
            set.put(entry(), verdict(outcome.violations(), restsOn(outcome)));
            return set;
        }

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            judge.copies.hold(origin.app(), data.categories(), verdict.restsOn());
        }

        @Override
        public JudgedEntry entry() {
            return JudgedEntry.collection(origin);
        }

        @Override
        public String adds() {
            return origin.app();
        }
    }

    /**
     * Judged by the coverage rule for the recipient, against what the sender holds and on which
     * consents (the recipient's copies rest on those too), and by where the recipient is; confirms
     * the receipts of it that were flagged before it was reported.
     */
    record Transferred(Origin origin, DataTransferred data, RecipientFacts recipient) implements Fact {

        @Override
        public Map<JudgedEntry, Verdict> verdicts(Judge judge) {
            String sender = origin.app();
            ConsentCoverage.Outcome outcome = judge.grants.check(new Claim(data.recipient(), sender, origin.time(),
                    data.categories(), data.purposes(), data.legalBasis(), data.consentId()));
            Set<ViolationCode> violations = violations(outcome);
            Set<String> restsOn = restsOn(outcome);
            for (String category : data.categories()) {
                if (!judge.copies.sources(sender, category, restsOn)) {
                    violations.add(ViolationCode.SENDER_NOT_HOLDING);
                }
            }
            if (!recipient.registered()) {
                violations.add(ViolationCode.UNREGISTERED_RECIPIENT);
            }
            if (recipient.country() != null && !Countries.inEea(recipient.country()) && data.safeguard() == null) {
                violations.add(ViolationCode.THIRD_COUNTRY_WITHOUT_SAFEGUARD);
            }
            Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
            set.put(entry(), verdict(violations, restsOn));
            judge.receipts.confirmedBy(data.transferId(), sender, data.recipient())
                    .forEach(receipt -> set.put(receipt, Verdict.VALID));
            return set;
        }

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            judge.copies.hold(data.recipient(), data.categories(), verdict.restsOn());
            judge.receipts.reported(data.transferId(), origin.app(), data.recipient())
                    .forEach(receipt -> set.put(receipt, Verdict.VALID));
        }

        @Override
        public JudgedEntry entry() {
            return JudgedEntry.transfer(origin, data);
        }

        @Override
        public String reads() {
            return origin.app();
        }

        @Override
        public String adds() {
            return data.recipient();
        }
    }

    /** Valid once the named sender reported the transfer; until then it waits for that report. */
    record Received(Origin origin, DataReceived data) implements Fact {

        @Override
        public Map<JudgedEntry, Verdict> verdicts(Judge judge) {
            Map<JudgedEntry, Verdict> set = new LinkedHashMap<>();
            set.put(entry(), judge.receipts.receipt(entry()));
            return set;
        }

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            if (!verdict.equals(Verdict.VALID)) {
                judge.receipts.awaitConfirmation(entry());
            }
        }

        @Override
        public JudgedEntry entry() {
            return JudgedEntry.receipt(origin, data);
        }
    }

    /** The eraser's copies of the categories erased (a parent erases its children) can no longer be passed on. */
    record Erased(Origin origin, DataErased data) implements Fact {

        @Override
        public void record(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> set) {
            judge.copies.erase(origin.app(), data.erasesEverything(), data.categories());
        }

        @Override
        public String removes() {
            return origin.app();
        }
    }
}
