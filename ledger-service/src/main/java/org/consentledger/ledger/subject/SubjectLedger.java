package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;

/**
 * The state the rules need about one subject: every accepted fact in the order it happened and the
 * verdict last recorded on each entry. Knows how a new fact changes the verdicts. A report that
 * happened after all others (the usual case, consents and withdrawals included) is judged
 * incrementally; a late report makes it judge the whole history again.
 */
final class SubjectLedger {

    /** What recording a new fact means: its own verdict (null for consents and erasures) and changed earlier ones. */
    record Judgement(Verdict verdict, Map<JudgedEntry, Verdict> changed) {
    }

    /** Every fact in the order it happened: by time, ties in arrival order. */
    private final List<Fact> byTime = new ArrayList<>();
    private final Map<JudgedEntry, Verdict> recorded = new HashMap<>();
    /** The judged state after {@link #byTime} and, if not null, {@link #pending}; rebuilt when null. */
    private transient Judge judge;
    private transient Fact pending;

    Judgement judgeWith(Fact incoming) {
        if (judge == null || pending != null) {
            judge = Judge.replay(byTime).judge();
        }
        Map<JudgedEntry, Verdict> fresh;
        if (appendable(incoming)) {
            fresh = judge.apply(incoming);
        } else {
            List<Fact> all = new ArrayList<>(byTime.size() + 1);
            all.addAll(byTime);
            all.add(insertionPoint(incoming), incoming);
            Judge.Replay replay = Judge.replay(all);
            judge = replay.judge();
            fresh = replay.verdicts();
        }
        pending = incoming;
        JudgedEntry own = incoming.entry();
        Map<JudgedEntry, Verdict> changed = new LinkedHashMap<>();
        fresh.forEach((entry, verdict) -> {
            if (!entry.equals(own) && !verdict.equals(recorded.getOrDefault(entry, Verdict.VALID))) {
                changed.put(entry, verdict);
            }
        });
        return new Judgement(own == null ? null : fresh.get(own), changed);
    }

    /**
     * Whether the fact can be judged after the current state without touching earlier verdicts: a
     * report that happened at or after all others; a consent or withdrawal strictly after all others
     * (with a grant's id new), since a consent only counts from the moment it was given.
     */
    private boolean appendable(Fact incoming) {
        if (byTime.isEmpty()) {
            return true;
        }
        Instant latest = byTime.get(byTime.size() - 1).origin().time();
        Instant at = incoming.origin().time();
        if (incoming.data() instanceof ConsentGranted grant) {
            return at.isAfter(latest) && !judge.knowsConsent(grant.consentId());
        }
        return incoming.data() instanceof ConsentWithdrawn ? at.isAfter(latest) : !at.isBefore(latest);
    }

    void add(Fact fact, Verdict verdict) {
        byTime.add(insertionPoint(fact), fact);
        if (!fact.equals(pending)) {
            judge = null; // replaying stored events: judged again when next needed
        }
        pending = null;
        if (verdict != null) {
            recorded.put(fact.entry(), verdict);
        }
    }

    void verdictChanged(JudgedEntry entry, Verdict verdict) {
        recorded.put(entry, verdict);
    }

    /** After every fact that happened at or before this one: reports mostly arrive in order, so mostly the end. */
    private int insertionPoint(Fact fact) {
        int i = byTime.size();
        while (i > 0 && byTime.get(i - 1).origin().time().isAfter(fact.origin().time())) {
            i--;
        }
        return i;
    }
}
