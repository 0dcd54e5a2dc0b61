package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;

/**
 * A subject's judged state as of a moment shortly behind its latest report, and the reports that
 * happened after that moment (in the order they happened, ties in arrival order) with the verdicts
 * last recorded on them. A late report that happened after the moment is judged by replaying only
 * those reports from there ({@link Judge#resume}), which ends as judging the whole history would.
 * The moment moves forward as reports age ({@link Tail}): the state stays as small as the judged
 * state, and the tail as long as the reports a subject receives in a few seconds.
 */
final class Checkpoint {

    private record Kept(Fact fact, long arrivedAt) {
    }

    /** The state after every fact up to {@link #at}. */
    private final Judge judge;
    /** The time of the latest fact the state holds; null before the first. */
    private Instant at;
    private final List<Kept> tail = new ArrayList<>();
    /** The verdicts last recorded on the tail's entries and on the receipts the state still awaits a transfer for. */
    private final Map<JudgedEntry, Verdict> recorded = new HashMap<>();

    /**
     * For reading a subject back from the store: holds the facts read after its state (taken as it
     * is, not copied) and judges them into it once, when the subject is next needed ({@link #settle}).
     */
    static Checkpoint reading(Judge state, Instant latest) {
        return new Checkpoint(state, latest);
    }

    private Checkpoint(Judge judge, Instant at) {
        this.judge = judge;
        this.at = at;
    }

    /**
     * What replaying from a checkpoint or a whole history answers: the judge after every fact, the
     * incoming report's own verdict, the earlier verdicts it changes, and every verdict the replay set.
     */
    record Replayed(Judge judge, Verdict verdict, Map<JudgedEntry, Verdict> changed, Map<JudgedEntry, Verdict> fresh) {

        /** From every fresh verdict of the replay, those other than the report's own that differ from those recorded. */
        static Replayed of(Judge judge, Fact incoming, Map<JudgedEntry, Verdict> fresh,
                           Function<JudgedEntry, Verdict> recorded) {
            JudgedEntry own = incoming.entry();
            Map<JudgedEntry, Verdict> changed = new LinkedHashMap<>();
            fresh.forEach((entry, verdict) -> {
                if (!entry.equals(own) && !verdict.equals(recorded.apply(entry))) {
                    changed.put(entry, verdict);
                }
            });
            return new Replayed(judge, fresh.get(own), changed, fresh);
        }
    }

    /** A checkpoint rebuilt from a whole history, and what judging the incoming report there answered. */
    record Rebuilt(Checkpoint checkpoint, Replayed replayed) {
    }

    /**
     * From the stored history and the incoming report in its place: the state up to the report (and
     * at least {@code tail} facts back), then the rest replayed onto a copy of it.
     */
    static Rebuilt rebuild(History stored, Fact incoming, int tail, long now) {
        List<Fact> byTime = stored.with(incoming);
        int split = Math.min(byTime.indexOf(incoming), Math.max(0, byTime.size() - tail));
        while (split > 0 && byTime.get(split - 1).origin().time().equals(byTime.get(split).origin().time())) {
            split--;
        }
        Checkpoint checkpoint = new Checkpoint(new Judge(), split == 0 ? null : byTime.get(split - 1).origin().time());
        Map<JudgedEntry, Verdict> verdicts = checkpoint.judge.resume(byTime.subList(0, split));
        verdicts.forEach((entry, verdict) -> {
            if (checkpoint.judge.awaitsConfirmation(entry)) {
                checkpoint.recorded.put(entry, verdict);
            }
        });
        Judge current = checkpoint.judge.copy();
        List<Fact> after = byTime.subList(split, byTime.size());
        Map<JudgedEntry, Verdict> replayed = current.resume(after);
        after.forEach(fact -> checkpoint.tail.add(new Kept(fact, now)));
        checkpoint.recorded.putAll(replayed);
        verdicts.putAll(replayed);
        return new Rebuilt(checkpoint, Replayed.of(current, incoming, verdicts, stored::recorded));
    }

    /** Whether a report can be judged from here: it happened after the state's facts (a consent strictly after). */
    boolean covers(Fact fact) {
        if (at == null) {
            return true;
        }
        Instant time = fact.origin().time();
        return fact.aboutConsent() ? time.isAfter(at) : !time.isBefore(at);
    }

    /** A report judged against the current state (in order, or independent of every later one), with the verdicts it set. */
    void append(Fact fact, Map<JudgedEntry, Verdict> set, long now) {
        tail.add(insertionPoint(fact), new Kept(fact, now));
        recorded.putAll(set);
    }

    /**
     * Whether a late report that this checkpoint {@link #covers} can be judged against the current
     * state as if it came last: no report after it touches the copies it reads or changes, nor reads
     * or changes the copies it touches (consents after it do not count for it; receipts depend on no
     * order). Then it ends as judging it in its place would.
     */
    boolean independent(Fact incoming) {
        if (incoming.aboutConsent()) {
            return false;
        }
        for (int i = insertionPoint(incoming); i < tail.size(); i++) {
            if (Copies.interfere(incoming, tail.get(i).fact())) {
                return false;
            }
        }
        return true;
    }

    /**
     * What judging a late report that this checkpoint {@link #covers} answers, changing nothing: a
     * copy of the state replays the tail with the report in its place.
     */
    Replayed replay(Fact incoming) {
        List<Fact> facts = new ArrayList<>(tail.size() + 1);
        tail.forEach(kept -> facts.add(kept.fact()));
        facts.add(insertionPoint(incoming), incoming);
        Judge current = judge.copy();
        return Replayed.of(current, incoming, current.resume(facts), entry -> recorded.getOrDefault(entry, Verdict.VALID));
    }

    /**
     * Takes a late report that this checkpoint {@link #covers} into the tail, as {@link #replay}
     * judged it: its fresh verdicts count as recorded from then on. Answers the state after it.
     */
    Judge rejudge(Fact incoming, long now) {
        Replayed replayed = replay(incoming);
        tail.add(insertionPoint(incoming), new Kept(incoming, now));
        recorded.putAll(replayed.fresh());
        return replayed.judge();
    }

    /**
     * Holds a fact read back in its place among the others, if it happened after the state's facts
     * ({@link #covers}); answers false, holding nothing, for one that happened before them.
     */
    boolean hold(Fact fact, Tail policy, long now) {
        if (!covers(fact)) {
            return false;
        }
        tail.add(insertionPoint(fact), new Kept(fact, now));
        trim(policy, now);
        return true;
    }

    /** The state after every fact held, judged into this checkpoint's own state, which is used up. */
    Judge settle() {
        judge.resume(tail.stream().map(Kept::fact).toList());
        tail.clear();
        return judge;
    }

    /** After every fact that happened at or before this one. */
    private int insertionPoint(Fact fact) {
        int i = tail.size();
        while (i > 0 && tail.get(i - 1).fact().origin().time().isAfter(fact.origin().time())) {
            i--;
        }
        return i;
    }

    /**
     * Moves the moment forward past the reports that arrived longer ago than the tail's window, or
     * that make the tail longer than it may be: whole runs of equal time, so that every report in
     * the state happened no later than every report after it.
     */
    void trim(Tail policy, long now) {
        int moved = 0;
        while (moved < tail.size() && (tail.size() - moved > policy.maxFacts()
                || now - tail.get(moved).arrivedAt() > policy.windowMillis())) {
            Instant time = tail.get(moved).fact().origin().time();
            do {
                moved++;
            } while (moved < tail.size() && tail.get(moved).fact().origin().time().equals(time));
        }
        if (moved == 0) {
            return;
        }
        List<Kept> leaving = tail.subList(0, moved);
        at = leaving.get(moved - 1).fact().origin().time();
        Map<JudgedEntry, Verdict> set = judge.resume(leaving.stream().map(Kept::fact).toList());
        leaving.clear();
        set.keySet().forEach(entry -> {
            if (!judge.awaitsConfirmation(entry)) {
                recorded.remove(entry);
            }
        });
    }
}
