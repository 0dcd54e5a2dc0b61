package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
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
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * Judges a subject's whole history in the order things happened (each report's {@code time}; ties
 * in arrival order), whatever order the reports arrived in. Pure: the same facts give the same
 * verdicts.
 */
final class Judge {

    /** A copy of data an app holds (indexed by holder), whether erased, and the consents it rests on. */
    private static final class Holding {
        final String category;
        final Set<String> restsOn;
        Instant erasedAt;

        Holding(String category, Set<String> restsOn) {
            this.category = category;
            this.restsOn = restsOn;
        }
    }

    private Judge() {
    }

    /**
     * Verdicts on every collection, transfer and receipt among the facts, given in the order they
     * happened (by {@code time}; ties in arrival order). One pass: holdings are indexed by holder and
     * the reported transfers collected up front, so judging a history of n facts costs O(n).
     */
    static Map<JudgedEntry, Verdict> judge(List<Fact> byTime) {
        Map<String, Consent> consents = consents(byTime);
        Set<List<String>> reportedTransfers = new HashSet<>();
        for (Fact f : byTime) {
            if (f.data() instanceof DataTransferred t) {
                reportedTransfers.add(List.of(t.transferId(), f.origin().app(), t.recipient()));
            }
        }
        Map<String, List<Holding>> holdings = new HashMap<>();
        Map<JudgedEntry, Verdict> verdicts = new LinkedHashMap<>();
        for (Fact fact : byTime) {
            String app = fact.origin().app();
            Instant at = fact.origin().time();
            if (fact.data() instanceof DataErased erasure) {
                erase(holdings, app, at, erasure);
            } else if (fact.data() instanceof DataCollected c) {
                ConsentCoverage.Outcome outcome = ConsentCoverage.check(consents.values(),
                        new Claim(app, null, at, c.categories(), c.purposes(), c.legalBasis(), c.consentId()));
                Set<String> restsOn = restsOn(outcome);
                List<Holding> held = holdings.computeIfAbsent(app, a -> new ArrayList<>());
                c.categories().forEach(category -> held.add(new Holding(category, restsOn)));
                verdicts.put(fact.entry(), verdict(outcome.violations(), restsOn));
            } else if (fact.data() instanceof DataTransferred t) {
                verdicts.put(fact.entry(), transfer(consents, holdings, fact, t));
            } else if (fact.data() instanceof DataReceived r) {
                boolean reported = reportedTransfers.contains(List.of(r.transferId(), r.sender(), app));
                verdicts.put(fact.entry(), reported ? Verdict.VALID
                        : verdict(EnumSet.of(ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER), Set.of()));
            }
        }
        return verdicts;
    }

    private static Verdict transfer(Map<String, Consent> consents, Map<String, List<Holding>> holdings, Fact fact,
                                    DataTransferred t) {
        String sender = fact.origin().app();
        ConsentCoverage.Outcome outcome = ConsentCoverage.check(consents.values(), new Claim(t.recipient(), sender,
                fact.origin().time(), t.categories(), t.purposes(), t.legalBasis(), t.consentId()));
        Set<ViolationCode> violations = EnumSet.noneOf(ViolationCode.class);
        violations.addAll(outcome.violations());
        Set<String> restsOn = restsOn(outcome);
        for (String category : t.categories()) {
            List<Holding> sources = holdings.getOrDefault(sender, List.of()).stream()
                    .filter(h -> h.erasedAt == null && Vocabulary.covers(h.category, category))
                    .toList();
            if (sources.isEmpty()) {
                violations.add(ViolationCode.SENDER_NOT_HOLDING);
            }
            sources.forEach(source -> restsOn.addAll(source.restsOn));
        }
        RecipientFacts recipient = fact.recipient();
        if (!recipient.registered()) {
            violations.add(ViolationCode.UNREGISTERED_RECIPIENT);
        }
        if (recipient.country() != null && !Countries.inEea(recipient.country()) && t.safeguard() == null) {
            violations.add(ViolationCode.THIRD_COUNTRY_WITHOUT_SAFEGUARD);
        }
        List<Holding> received = holdings.computeIfAbsent(t.recipient(), a -> new ArrayList<>());
        t.categories().forEach(category -> received.add(new Holding(category, restsOn)));
        return verdict(violations, restsOn);
    }

    private static void erase(Map<String, List<Holding>> holdings, String app, Instant at, DataErased erasure) {
        for (Holding h : holdings.getOrDefault(app, List.of())) {
            boolean covered = erasure.erasesEverything()
                    || erasure.categories().stream().anyMatch(c -> Vocabulary.covers(c, h.category));
            if (h.erasedAt == null && covered) {
                h.erasedAt = at;
            }
        }
    }

    private static Map<String, Consent> consents(List<Fact> facts) {
        Map<String, Consent> consents = new HashMap<>();
        for (Fact fact : facts) {
            if (fact.data() instanceof ConsentGranted grant) {
                Consent granted = Consent.granted(fact.origin().app(), fact.origin().time(), grant);
                consents.merge(grant.consentId(), granted,
                        (old, neu) -> old.givenAt().isAfter(neu.givenAt()) ? old : neu);
            }
        }
        for (Fact fact : facts) {
            if (fact.data() instanceof ConsentWithdrawn w) {
                consents.computeIfPresent(w.consentId(), (id, c) -> c.withdrawnAt(fact.origin().time()));
            }
        }
        return consents;
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
