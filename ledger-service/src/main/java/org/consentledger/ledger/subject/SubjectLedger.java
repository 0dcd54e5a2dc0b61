package org.consentledger.ledger.subject;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;

/**
 * What the ledger keeps in memory about one subject: only the judged state the rules look back at
 * and the time of the latest fact, never the history itself, so a cached subject stays small
 * however long its life. A report that happened after all others (the usual case, consents and
 * withdrawals included) is judged against that state; a late one reads the whole history and
 * judges it again, which also tells which earlier verdicts it changes.
 */
@SnapshotState
final class SubjectLedger {

    /** What recording a new fact means: its own verdict (null for consents and erasures) and changed earlier ones. */
    record Judgement(Verdict verdict, Map<JudgedEntry, Verdict> changed) {
    }

    /**
     * The judged state after every fact so far; null when stored facts came out of order (rebuilt
     * when next needed). Derived, so transient: a subject judged and the same subject read back from
     * its events may hold it in different forms. A snapshot keeps it, null included.
     */
    @JsonProperty
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private transient Judge judge = new Judge();
    private Instant latest;
    /** The fact just judged, whose event is being applied: the judge already holds it. */
    private transient Fact pending;

    Judgement judgeWith(Fact incoming, Supplier<History> history) {
        JudgedEntry own = incoming.entry();
        Map<JudgedEntry, Verdict> changed = new LinkedHashMap<>();
        Verdict verdict;
        if (judge != null && appendable(incoming)) {
            changed.putAll(judge.apply(incoming));
            verdict = changed.remove(own);
        } else {
            History stored = history.get();
            Judge.Replay replay = Judge.replay(stored.with(incoming));
            judge = replay.judge();
            verdict = replay.verdicts().get(own);
            replay.verdicts().forEach((entry, fresh) -> {
                if (!entry.equals(own) && !fresh.equals(stored.recorded(entry))) {
                    changed.put(entry, fresh);
                }
            });
        }
        pending = incoming;
        advanceTo(incoming);
        return new Judgement(verdict, changed);
    }

    /** A fact whose event was stored: the one just judged, or one replayed from the store. */
    void add(Fact fact) {
        if (fact.equals(pending)) {
            pending = null;
            return;
        }
        if (judge != null && appendable(fact)) {
            judge.apply(fact);
        } else {
            judge = null;
        }
        advanceTo(fact);
    }

    /**
     * Whether the fact can be judged after the current state without touching earlier verdicts: a
     * report that happened at or after all others; a consent or withdrawal strictly after all others
     * (with a grant's id new), since a consent only counts from the moment it was given.
     */
    private boolean appendable(Fact incoming) {
        if (latest == null) {
            return true;
        }
        Instant at = incoming.origin().time();
        if (incoming.data() instanceof ConsentGranted grant) {
            return at.isAfter(latest) && !judge.knowsConsent(grant.consentId());
        }
        return incoming.data() instanceof ConsentWithdrawn ? at.isAfter(latest) : !at.isBefore(latest);
    }

    private void advanceTo(Fact fact) {
        if (latest == null || fact.origin().time().isAfter(latest)) {
            latest = fact.origin().time();
        }
    }
}
