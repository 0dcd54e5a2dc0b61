package org.consentledger.ledger.subject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.JudgedEvent;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;

/**
 * A subject's whole stored history, as a late report needs it: every fact in the order it happened
 * (by time, ties in arrival order) and the verdict last recorded on each entry.
 */
final class History {

    private final List<Fact> byTime = new ArrayList<>();
    private final Map<JudgedEntry, Verdict> recorded = new HashMap<>();

    /** Adds a stored event, given in the order the events were stored. */
    void add(Object event) {
        if (event instanceof VerdictChangedEvent changed) {
            recorded.put(changed.entry(), changed.verdict());
            return;
        }
        Fact fact = Fact.of(event);
        if (fact != null) {
            add(fact, event instanceof JudgedEvent judged ? judged.verdict() : null);
        }
    }

    void add(Fact fact, Verdict verdict) {
        byTime.add(insertionPoint(fact), fact);
        if (verdict != null) {
            recorded.put(fact.entry(), verdict);
        }
    }

    void verdictChanged(JudgedEntry entry, Verdict verdict) {
        recorded.put(entry, verdict);
    }

    /** Every fact, in the order they happened. */
    List<Fact> byTime() {
        return Collections.unmodifiableList(byTime);
    }

    /** Every fact and the new one, in the order they happened. */
    List<Fact> with(Fact incoming) {
        List<Fact> all = new ArrayList<>(byTime.size() + 1);
        all.addAll(byTime);
        all.add(insertionPoint(incoming), incoming);
        return all;
    }

    /** The verdict last recorded on the entry; an entry without one counts as valid. */
    Verdict recorded(JudgedEntry entry) {
        return recorded.getOrDefault(entry, Verdict.VALID);
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
