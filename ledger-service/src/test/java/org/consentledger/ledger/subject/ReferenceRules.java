package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

/**
 * A plain, separately written model of the rules in DESIGN.md, for the property test: every entry
 * is judged on its own by looking at the whole history (no incremental state), with holdings found
 * by searching back in time; of a consent id granted more than once, the latest grant by then
 * counts. Assumes distinct event times.
 */
final class ReferenceRules {

    private static final Set<String> EEA = Set.of("DE", "FR", "NL", "NO");

    private final List<Fact> facts;

    ReferenceRules(List<Fact> facts) {
        this.facts = facts;
    }

    Map<JudgedEntry, Verdict> verdicts() {
        Map<JudgedEntry, Verdict> verdicts = new LinkedHashMap<>();
        for (Fact f : facts) {
            if (f.entry() != null) {
                verdicts.put(f.entry(), verdict(f));
            }
        }
        return verdicts;
    }

    private Verdict verdict(Fact f) {
        Set<ViolationCode> codes = EnumSet.noneOf(ViolationCode.class);
        Set<String> restsOn = new TreeSet<>();
        if (f.data() instanceof DataReceived r) {
            boolean reported = facts.stream().anyMatch(t -> t.data() instanceof DataTransferred d
                    && d.transferId().equals(r.transferId()) && t.origin().app().equals(r.sender())
                    && d.recipient().equals(f.origin().app()));
            if (!reported) {
                codes.add(ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER);
            }
            return new Verdict(new ArrayList<>(codes), List.of());
        }
        if (f.data() instanceof DataCollected c) {
            String chosen = basis(codes, f.origin().app(), null, f.origin().time(), c.categories(), c.purposes(),
                    c.legalBasis(), c.consentId());
            if (chosen != null) {
                restsOn.add(chosen);
            }
            return new Verdict(new ArrayList<>(codes), new ArrayList<>(restsOn));
        }
        Set<String> transferRestsOn = restsOn(f, codes);
        return new Verdict(new ArrayList<>(codes), new ArrayList<>(transferRestsOn));
    }

    /** Codes and consents of a transfer; {@code codes} is filled only for the transfer asked about. */
    private Set<String> restsOn(Fact f, Set<ViolationCode> codes) {
        Set<String> restsOn = new TreeSet<>();
        if (f.data() instanceof DataCollected c) {
            String chosen = basis(EnumSet.noneOf(ViolationCode.class), f.origin().app(), null, f.origin().time(),
                    c.categories(), c.purposes(), c.legalBasis(), c.consentId());
            if (chosen != null) {
                restsOn.add(chosen);
            }
            return restsOn;
        }
        DataTransferred t = (DataTransferred) f.data();
        String sender = f.origin().app();
        Instant at = f.origin().time();
        String chosen = basis(codes, t.recipient(), sender, at, t.categories(), t.purposes(), t.legalBasis(),
                t.consentId());
        if (chosen != null) {
            restsOn.add(chosen);
        }
        for (String category : t.categories()) {
            List<Fact> sources = sources(sender, category, at);
            if (sources.isEmpty()) {
                codes.add(ViolationCode.SENDER_NOT_HOLDING);
            }
            for (Fact source : sources) {
                restsOn.addAll(restsOn(source, EnumSet.noneOf(ViolationCode.class)));
            }
        }
        RecipientFacts recipient = ((Fact.Transferred) f).recipient();
        if (!recipient.registered()) {
            codes.add(ViolationCode.UNREGISTERED_RECIPIENT);
        }
        String country = recipient.country();
        if (country != null && !EEA.contains(country) && t.safeguard() == null) {
            codes.add(ViolationCode.THIRD_COUNTRY_WITHOUT_SAFEGUARD);
        }
        return restsOn;
    }

    /** Earlier collections by, or transfers to, the app that gave it a category covering this one, not erased since. */
    private List<Fact> sources(String app, String category, Instant at) {
        List<Fact> sources = new ArrayList<>();
        for (Fact f : facts) {
            if (!f.origin().time().isBefore(at)) {
                continue;
            }
            List<String> gained = f.data() instanceof DataCollected c && f.origin().app().equals(app) ? c.categories()
                    : f.data() instanceof DataTransferred t && t.recipient().equals(app) ? t.categories() : List.of();
            for (String held : gained) {
                if (covers(held, category) && !erasedBetween(app, held, f.origin().time(), at)) {
                    sources.add(f);
                }
            }
        }
        return sources;
    }

    private boolean erasedBetween(String app, String held, Instant from, Instant to) {
        return facts.stream().anyMatch(f -> f.data() instanceof DataErased e && f.origin().app().equals(app)
                && f.origin().time().isAfter(from) && f.origin().time().isBefore(to)
                && (e.categories().isEmpty() || e.categories().stream().anyMatch(c -> covers(c, held))));
    }

    private String basis(Set<ViolationCode> codes, String receiver, String sender, Instant at, List<String> categories,
                         List<String> purposes, String legalBasis, String consentId) {
        boolean special = categories.stream().anyMatch(c -> covers("user.health", c));
        if (special && !legalBasis.startsWith("A9-2-")) {
            codes.add(ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT);
        }
        if (!legalBasis.equals("A6-1-a") && !legalBasis.equals("A9-2-a")) {
            return null;
        }
        List<Fact> grants = facts.stream().filter(f -> f.data() instanceof ConsentGranted g
                && !f.origin().time().isAfter(at) && !renewedBy(f, at)
                && (consentId == null ? applies(f, receiver, sender) : g.consentId().equals(consentId))).toList();
        if (grants.isEmpty()) {
            codes.add(ViolationCode.NO_CONSENT);
            return null;
        }
        Fact best = null;
        Set<ViolationCode> bestProblems = null;
        List<Fact> latestFirst = new ArrayList<>(grants);
        latestFirst.sort(Comparator.comparing((Fact f) -> f.origin().time()).reversed()
                .thenComparing(f -> ((ConsentGranted) f.data()).consentId()));
        for (Fact grant : latestFirst) {
            Set<ViolationCode> problems = problems(grant, receiver, sender, at, categories, purposes, special);
            if (best == null || problems.size() < bestProblems.size()) {
                best = grant;
                bestProblems = problems;
            }
        }
        codes.addAll(bestProblems);
        return ((ConsentGranted) best.data()).consentId();
    }

    /** Whether the same consent id was granted again after this grant and by {@code at}. */
    private boolean renewedBy(Fact grant, Instant at) {
        String id = ((ConsentGranted) grant.data()).consentId();
        return facts.stream().anyMatch(f -> f.data() instanceof ConsentGranted g && g.consentId().equals(id)
                && f.origin().time().isAfter(grant.origin().time()) && !f.origin().time().isAfter(at));
    }

    private Set<ViolationCode> problems(Fact grantFact, String receiver, String sender, Instant at,
                                        List<String> categories, List<String> purposes, boolean special) {
        ConsentGranted grant = (ConsentGranted) grantFact.data();
        Set<ViolationCode> problems = EnumSet.noneOf(ViolationCode.class);
        if (!applies(grantFact, receiver, sender)) {
            problems.add(ViolationCode.NO_CONSENT);
        }
        boolean withdrawn = facts.stream().anyMatch(f -> f.data() instanceof ConsentWithdrawn w
                && w.consentId().equals(grant.consentId()) && !f.origin().time().isAfter(at));
        if (withdrawn) {
            problems.add(ViolationCode.CONSENT_WITHDRAWN);
        }
        if (grant.expiresAt() != null && !grant.expiresAt().isAfter(at)) {
            problems.add(ViolationCode.CONSENT_EXPIRED);
        }
        if (!categories.stream().allMatch(c -> grant.categories().stream().anyMatch(g -> covers(g, c)))) {
            problems.add(ViolationCode.CATEGORY_NOT_COVERED);
        }
        if (!grant.purposes().containsAll(purposes)) {
            problems.add(ViolationCode.PURPOSE_NOT_COVERED);
        }
        if (special && !grant.legalBasis().equals("A9-2-a")) {
            problems.add(ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT);
        }
        return problems;
    }

    private static boolean applies(Fact grantFact, String receiver, String sender) {
        String controller = grantFact.origin().app();
        return controller.equals(receiver)
                || controller.equals(sender) && ((ConsentGranted) grantFact.data()).recipients().contains(receiver);
    }

    private static boolean covers(String parent, String child) {
        return child.equals(parent) || child.startsWith(parent + ".");
    }
}
