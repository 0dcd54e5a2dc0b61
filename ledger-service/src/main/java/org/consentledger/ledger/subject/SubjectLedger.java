package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;

/**
 * What the ledger keeps in memory about one subject: the judged state the rules look back at and
 * the time of the latest fact, never the whole history, so a cached subject stays small however long
 * its life. A report that happened after all others (the usual case) is judged against that state. A
 * late one, as reports of one subject from several apps' topics arrive in no fixed order, is judged
 * against that state too when no report after it touches the same copies ({@link Copies}); otherwise
 * from the subject's {@link Checkpoint} when it happened after it, and otherwise from the whole stored
 * history, which also sets a new checkpoint. Either way the replay tells which earlier verdicts the
 * report changes. A subject read back from the store judges its stored reports into its state in the
 * order they happened, so that a report stored late does not leave the state stale (one that happened
 * before the snapshot it was read from still does).
 */
final class SubjectLedger {

    /**
     * Where a report was judged from: the current state (it came last, or came late touching nothing
     * judged after it), the checkpoint, or the whole history.
     */
    enum JudgedFrom { STATE, STATE_LATE, CHECKPOINT, HISTORY }

    /** What recording a new fact means: its own verdict (null for consents and erasures) and changed earlier ones. */
    record Judgement(Verdict verdict, Map<JudgedEntry, Verdict> changed, JudgedFrom from) {
    }

    /**
     * The judged state after every fact so far; null when a stored fact read back happened before
     * the state it was read onto (rebuilt from the history when next needed). Derived, so transient:
     * a subject judged and the same subject read back from its events may hold it in different forms
     * (Axon's test fixture compares the two field by field).
     */
    private transient Judge judge = new Judge();
    private Instant latest;
    /**
     * Set by a late report that reads the whole history, for the late reports that may follow it.
     * Other subjects have none: a checkpoint costs a copy of the judged state (every cached subject
     * having one would double the ledger's heap) and judging each report twice, once into the state
     * and once into the checkpoint, for the few late reports of a subject.
     */
    private transient Checkpoint checkpoint;
    /**
     * While the subject is read back from the store: its state so far and the stored facts read after
     * it, judged into it in the order they happened once the subject is needed ({@link #settle}), so
     * that a report stored late does not leave the state stale.
     */
    private transient Checkpoint reading;

    /**
     * Decides what recording the fact means, changing nothing the rules see: judged from the current
     * state, the checkpoint or the history ({@link #from}). Facts read back are settled into the state
     * first, which changes its form only.
     */
    Judgement judge(Fact incoming, Supplier<History> history, Tail tail) {
        settle();
        JudgedFrom from = from(incoming);
        return switch (from) {
            case STATE, STATE_LATE -> {
                Map<JudgedEntry, Verdict> changed = new LinkedHashMap<>(judge.verdicts(incoming));
                Verdict verdict = changed.remove(incoming.entry());
                yield new Judgement(verdict, changed, from);
            }
            case CHECKPOINT -> judgement(checkpoint.replay(incoming), from);
            case HISTORY -> judgement(Checkpoint.rebuild(history.get(), incoming, tail.maxFacts(), tail.now()).replayed(),
                    from);
        };
    }

    /**
     * Records a fact just judged ({@link #judge}) with its own verdict, as that judgement decided:
     * the state, and the checkpoint's tail, move on by it. A report judged in order is only recorded
     * here; one judged from the checkpoint or the history is replayed again (a few in a million).
     */
    void judged(Fact fact, Verdict verdict, Supplier<History> history, Tail tail) {
        long now = tail.now();
        settle();
        switch (from(fact)) {
            case STATE, STATE_LATE -> {
                Map<JudgedEntry, Verdict> set = judge.record(fact, verdict);
                if (checkpoint != null) {
                    checkpoint.append(fact, set, now);
                }
            }
            case CHECKPOINT -> judge = checkpoint.rejudge(fact, now);
            case HISTORY -> {
                Checkpoint.Rebuilt rebuilt = Checkpoint.rebuild(history.get(), fact, tail.maxFacts(), now);
                checkpoint = rebuilt.checkpoint();
                judge = rebuilt.replayed().judge();
            }
        }
        if (checkpoint != null) {
            checkpoint.trim(tail, now);
        }
        advanceTo(fact);
    }

    /**
     * Where a fact is judged from: the current state when it comes after every fact so far, or when it
     * comes late but is independent of every fact after it; else the checkpoint if it covers the
     * fact; else the whole history.
     */
    private JudgedFrom from(Fact incoming) {
        if (judge != null && appendable(incoming)) {
            return JudgedFrom.STATE;
        }
        if (checkpoint != null && checkpoint.covers(incoming)) {
            return checkpoint.independent(incoming) ? JudgedFrom.STATE_LATE : JudgedFrom.CHECKPOINT;
        }
        return JudgedFrom.HISTORY;
    }

    private static Judgement judgement(Checkpoint.Replayed replayed, JudgedFrom from) {
        return new Judgement(replayed.verdict(), replayed.changed(), from);
    }

    /**
     * A stored fact read back from the store, held until the subject is needed; one that happened
     * before the state it is read onto leaves the state stale.
     */
    void readBack(Fact fact, Tail tail) {
        checkpoint = null;
        if (reading == null && judge != null) {
            reading = Checkpoint.reading(judge, latest);
            judge = null;
        }
        if (reading != null && !reading.hold(fact, tail, tail.now())) {
            reading = null;
        }
        advanceTo(fact);
    }

    /** Judges the facts read back into the state, once the subject is needed. */
    private void settle() {
        if (reading != null) {
            judge = reading.settle();
            reading = null;
        }
    }

    /**
     * The snapshot of the subject: its judged state, judged from the whole history first if the facts
     * read back left it stale, so that a snapshot always keeps one (one without would make the first
     * report after every load of the subject read its whole history again).
     */
    SubjectSnapshot snapshot(String subject, Supplier<History> history) {
        settle();
        if (judge == null) {
            judge = new Judge();
            judge.resume(history.get().byTime());
        }
        return new SubjectSnapshot(subject, latest, judge.grants, judge.copies, judge.receipts);
    }

    /** Takes the state a snapshot kept; the subject's events after it are read back onto it. */
    void restore(SubjectSnapshot snapshot) {
        judge = new Judge(snapshot.grants(), snapshot.copies(), snapshot.receipts());
        latest = snapshot.latest();
        checkpoint = null;
        reading = null;
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
        return incoming.aboutConsent() ? at.isAfter(latest) && !incoming.renews(judge) : !at.isBefore(latest);
    }

    private void advanceTo(Fact fact) {
        if (latest == null || fact.origin().time().isAfter(latest)) {
            latest = fact.origin().time();
        }
    }
}
