package org.consentledger.ledger.rules;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.verdict.ViolationCode;
import org.consentledger.contracts.vocabulary.LegalBases;
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * The coverage rule as small pure functions: whether a claim rests on a valid consent at its time.
 * A consent covers a claim when it applies to the parties, was active at that moment, and covers
 * every category (a parent covers its children) and every purpose; Art. 9 data needs explicit consent.
 * Only consents granted by the claim's time are considered: a later consent changes nothing before it,
 * and of a consent id granted again, the latest grant by then.
 */
public final class ConsentCoverage {

    private static final Vocabulary VOCABULARY = Vocabulary.bundled();

    /** The outcome for one claim: its violations and the consent it rests on (if any). */
    public record Outcome(Set<ViolationCode> violations, String restsOn) {
    }

    private ConsentCoverage() {
    }

    public static Outcome check(Collection<Consent> consents, Claim claim) {
        Set<ViolationCode> violations = EnumSet.noneOf(ViolationCode.class);
        boolean special = claim.categories().stream().anyMatch(VOCABULARY::isSpecialCategory);
        if (special && !claim.legalBasis().startsWith("A9-2-")) {
            violations.add(ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT);
        }
        if (!LegalBases.isConsent(claim.legalBasis())) {
            return new Outcome(violations, null);
        }
        List<Consent> candidates = inForce(consents, claim.at()).stream()
                .filter(c -> claim.consentId() == null ? appliesToParties(c, claim) : c.id().equals(claim.consentId()))
                .sorted(Comparator.comparing(Consent::givenAt).reversed().thenComparing(Consent::id))
                .toList();
        if (candidates.isEmpty()) {
            violations.add(ViolationCode.NO_CONSENT);
            return new Outcome(violations, null);
        }
        Consent best = candidates.get(0);
        Set<ViolationCode> bestFailures = failures(best, claim, special);
        for (Consent candidate : candidates.subList(1, candidates.size())) {
            Set<ViolationCode> failures = failures(candidate, claim, special);
            if (failures.size() < bestFailures.size()) {
                best = candidate;
                bestFailures = failures;
            }
        }
        violations.addAll(bestFailures);
        return new Outcome(violations, best.id());
    }

    /** Per consent id, the latest grant given by {@code at} (a renewal under the same id replaces the terms). */
    static Collection<Consent> inForce(Collection<Consent> grants, Instant at) {
        Map<String, Consent> latest = new HashMap<>();
        for (Consent grant : grants) {
            if (!grant.givenAt().isAfter(at)) {
                latest.merge(grant.id(), grant, (old, neu) -> old.givenAt().isAfter(neu.givenAt()) ? old : neu);
            }
        }
        return latest.values();
    }

    /** Everything wrong with resting this claim on this one consent. */
    static Set<ViolationCode> failures(Consent consent, Claim claim, boolean special) {
        Set<ViolationCode> failures = EnumSet.noneOf(ViolationCode.class);
        if (!appliesToParties(consent, claim)) {
            failures.add(ViolationCode.NO_CONSENT);
        }
        if (endedBy(consent.withdrawnAt(), claim.at())) {
            failures.add(ViolationCode.CONSENT_WITHDRAWN);
        }
        if (endedBy(consent.expiresAt(), claim.at())) {
            failures.add(ViolationCode.CONSENT_EXPIRED);
        }
        if (!coversCategories(consent.categories(), claim.categories())) {
            failures.add(ViolationCode.CATEGORY_NOT_COVERED);
        }
        if (!consent.purposes().containsAll(claim.purposes())) {
            failures.add(ViolationCode.PURPOSE_NOT_COVERED);
        }
        if (special && !LegalBases.EXPLICIT_CONSENT.equals(consent.legalBasis())) {
            failures.add(ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT);
        }
        return failures;
    }

    /** Held by the app that receives the data, or by the sender with the recipient listed. */
    static boolean appliesToParties(Consent consent, Claim claim) {
        return consent.controller().equals(claim.receiver())
                || consent.controller().equals(claim.sender()) && consent.recipients().contains(claim.receiver());
    }

    static boolean coversCategories(Collection<String> granted, Collection<String> requested) {
        return requested.stream().allMatch(r -> granted.stream().anyMatch(g -> Vocabulary.covers(g, r)));
    }

    private static boolean endedBy(Instant end, Instant at) {
        return end != null && !end.isAfter(at);
    }
}
