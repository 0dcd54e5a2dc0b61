package org.consentledger.ledger.subject;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.consentledger.storage.sealing.Sealer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.ViolationCode;

/**
 * Random interleavings of grants, withdrawals, expiries, collections, transfers, receipts and
 * erasures, arriving in random order: the verdicts the aggregate's ledger ends up with (its own
 * verdicts plus every later change) equal those of a separately written reference model judging
 * the whole history at once.
 */
class RulesPropertyTest {

    /** How Axon writes a snapshot. */
    private static final ObjectMapper JSON = LedgerJson.mapper();
    private static final byte[] SNAPSHOT_KEY = Sealer.eventKey(new byte[32], "snapshot");
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, String> REGISTRY = Map.of("a", "DE", "b", "US");
    private static final List<String> APPS = List.of("a", "b", "c");
    private static final List<String> CONSENTS = List.of("c1", "c2", "c3");
    private static final List<String> TRANSFERS = List.of("t1", "t2");
    /** Facts leave the tail by count here, never by age: a scenario's checkpoints do not depend on the clock. */
    private static final Duration NEVER = Duration.ofDays(1);
    private static final Tail TAIL = new Tail(512, NEVER, Clock.systemUTC());

    /** A fact without its time and id yet: those are assigned from its position. */
    private interface Draft extends BiFunction<Origin, Integer, Fact> {
    }

    /**
     * The facts in the order they happened, the order they arrive in, when the subject leaves the
     * cache, how many of the arrived facts its latest snapshot covers by then, and how many recent
     * facts a checkpoint keeps.
     */
    record Scenario(List<Fact> history, List<Fact> arrival, int evictedAfter, int snapshotAfter, Tail tail) {
    }

    @Property(tries = 1000)
    void aggregateAndReferenceModelAgreeOnEveryVerdict(@ForAll("scenarios") Scenario scenario) {
        assertThat(judged(scenario)).isEqualTo(new ReferenceRules(scenario.history()).verdicts());
    }

    /**
     * A receipt that no transfer confirmed has passed into the checkpoint; the transfer, reported
     * late but after the checkpoint, is judged from there and turns the recorded verdict valid.
     */
    @Example
    void aLateTransferJudgedFromTheCheckpointConfirmsAReceiptTheCheckpointHolds() {
        Fact receipt = new Fact.Received(new Origin("b", "m1", EPOCH.plusSeconds(3600), EPOCH), new DataReceived("t1", "a"));
        Fact transfer = new Fact.Transferred(new Origin("a", "m2", EPOCH.plusSeconds(7200), EPOCH),
                new DataTransferred("t1", "b", List.of("user.contact"), List.of("dpv:ServiceProvision"), "A6-1-b",
                        null, null, null), new RecipientFacts(true, "DE"));
        Fact third = new Fact.Collected(new Origin("a", "m3", EPOCH.plusSeconds(10800), EPOCH), collected(null));
        Fact fourth = new Fact.Collected(new Origin("a", "m4", EPOCH.plusSeconds(14400), EPOCH), collected(null));
        List<Fact> history = List.of(receipt, transfer, third, fourth);
        Scenario scenario = new Scenario(history, List.of(receipt, third, fourth, transfer), 4, 0, new Tail(2, NEVER, Clock.systemUTC()));

        Map<JudgedEntry, Verdict> verdicts = judged(scenario);

        assertThat(verdicts.get(receipt.entry())).isEqualTo(Verdict.VALID);
        assertThat(verdicts).isEqualTo(new ReferenceRules(history).verdicts());
    }

    /**
     * A collection reported after the erasure that followed it is not judged as if it came last:
     * the erasure removed that copy, so the sender's next transfer holds nothing.
     */
    @Example
    void aLateCollectionIsErasedByTheErasureAfterIt() {
        Fact collection = new Fact.Collected(new Origin("a", "m1", EPOCH.plusSeconds(3600), EPOCH), collected(null));
        Fact erasure = new Fact.Erased(new Origin("a", "m2", EPOCH.plusSeconds(7200), EPOCH), new DataErased(null));
        Fact transfer = new Fact.Transferred(new Origin("a", "m3", EPOCH.plusSeconds(10800), EPOCH),
                new DataTransferred("t1", "b", List.of("user.contact.email"), List.of("dpv:ServiceProvision"), "A6-1-b",
                        null, null, null), new RecipientFacts(true, "DE"));
        List<Fact> history = List.of(collection, erasure, transfer);
        Scenario scenario = new Scenario(history, List.of(erasure, collection, transfer), 3, 0, TAIL);

        Map<JudgedEntry, Verdict> verdicts = judged(scenario);

        assertThat(verdicts.get(transfer.entry()).violations()).contains(ViolationCode.SENDER_NOT_HOLDING);
        assertThat(verdicts).isEqualTo(new ReferenceRules(history).verdicts());
    }

    /** Judges the scenario's facts as they arrive; answers every entry's latest verdict (its own, then each change). */
    private static Map<JudgedEntry, Verdict> judged(Scenario scenario) {
        SubjectLedger ledger = new SubjectLedger();
        History stored = new History();
        List<Fact> arrived = new ArrayList<>();
        Map<JudgedEntry, Verdict> latest = new HashMap<>();
        for (Fact fact : scenario.arrival()) {
            if (arrived.size() == scenario.evictedAfter()) {
                ledger = loaded(arrived, scenario.snapshotAfter(), scenario.tail());
            }
            SubjectLedger.Judgement judgement = ledger.judge(fact, () -> stored, scenario.tail());
            ledger.judged(fact, judgement.verdict(), () -> stored, scenario.tail());
            stored.add(fact, judgement.verdict());
            arrived.add(fact);
            if (fact.entry() != null) {
                latest.put(fact.entry(), judgement.verdict());
            }
            judgement.changed().forEach((entry, verdict) -> {
                stored.verdictChanged(entry, verdict);
                latest.put(entry, verdict);
            });
        }
        return latest;
    }

    /**
     * A subject read back from reports stored out of order (a collection stored after the grant that
     * followed it) judges them again from its checkpoint: its snapshot holds the judged state, and the
     * next report is judged from it, without the history.
     */
    @Example
    void aSubjectReadBackAfterALateReportKeepsItsJudgedState() {
        List<Fact> facts = lateCollectionStoredAfterGrant();

        SubjectLedger ledger = loaded(facts.subList(0, 2), 2, TAIL);
        SubjectLedger.Judgement judgement = ledger.judge(facts.get(2), () -> {
            throw new AssertionError("the history was read");
        }, TAIL);

        assertThat(judgement.verdict()).isEqualTo(new Verdict(List.of(), List.of("c1")));
        assertThat(judgement.from()).isEqualTo(SubjectLedger.JudgedFrom.STATE);
    }

    /**
     * A stored report read back after the snapshot, that happened before the state it is read onto
     * (here every fact goes into the state at once: a tail of none), leaves the state stale: the next
     * report reads the history.
     */
    @Example
    void aSubjectReadBackAfterAReportOlderThanItsStateJudgesFromTheHistory() {
        List<Fact> facts = lateCollectionStoredAfterGrant();
        History stored = new History();
        stored.add(facts.get(0), null);
        stored.add(facts.get(1), new SubjectLedger().judge(facts.get(1), () -> stored, TAIL).verdict());
        Tail none = new Tail(0, NEVER, Clock.systemUTC());

        SubjectLedger ledger = loaded(facts.subList(0, 2), 1, none);
        SubjectLedger.Judgement judgement = ledger.judge(facts.get(2), () -> stored, none);

        assertThat(judgement.verdict()).isEqualTo(new Verdict(List.of(), List.of("c1")));
        assertThat(judgement.from()).isEqualTo(SubjectLedger.JudgedFrom.HISTORY);
    }

    /** A grant, a collection under it that happened before it (stored after it), and a later collection. */
    private static List<Fact> lateCollectionStoredAfterGrant() {
        Fact grant = new Fact.Granted(new Origin("a", "m1", EPOCH.plusSeconds(7200), EPOCH), new ConsentGranted("c1",
                List.of("dpv:ServiceProvision"), List.of("user.contact"), "A6-1-a", List.of(), null, null));
        Fact earlier = new Fact.Collected(new Origin("a", "m0", EPOCH.plusSeconds(3600), EPOCH), collected("c1"));
        Fact later = new Fact.Collected(new Origin("a", "m2", EPOCH.plusSeconds(10800), EPOCH), collected("c1"));
        return List.of(grant, earlier, later);
    }

    private static DataCollected collected(String consentId) {
        return new DataCollected(List.of("user.contact.email"), List.of("dpv:ServiceProvision"), "A6-1-a", consentId,
                "provided", null);
    }

    /**
     * A subject read back as Axon loads it: from its snapshot (taken of the subject sourced from the
     * events it covers, written as JSON, sealed as the store keeps it, opened and read back), then the stored events after it, in the order
     * they arrived.
     */
    private static SubjectLedger loaded(List<Fact> arrived, int snapshotAfter, Tail tail) {
        SubjectLedger snapshotted = new SubjectLedger();
        History covered = new History();
        arrived.subList(0, snapshotAfter).forEach(fact -> {
            snapshotted.readBack(fact, tail);
            covered.add(fact, null);
        });
        SubjectLedger ledger = new SubjectLedger();
        try {
            byte[] stored = Sealer.seal(JSON.writeValueAsBytes(snapshotted.snapshot("s", () -> covered)), SNAPSHOT_KEY);
            ledger.restore(JSON.readValue(Sealer.open(stored, SNAPSHOT_KEY), SubjectSnapshot.class));
        } catch (java.io.IOException e) {
            throw new AssertionError("the snapshot is not readable", e);
        }
        arrived.subList(snapshotAfter, arrived.size()).forEach(fact -> ledger.readBack(fact, tail));
        return ledger;
    }

    /**
     * Half the scenarios arrive in the order things happened (the usual case), half shuffled; the
     * tail keeps from none of the facts (every late report reads the history) to all of them.
     */
    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Draft> draft = Arbitraries.oneOf(grant(), withdrawal(), collection(), transfer(), receipt(), erasure());
        return draft.list().ofMinSize(1).ofMaxSize(14)
                .flatMap(drafts -> Arbitraries.integers().between(0, 1000).list().ofSize(drafts.size()).uniqueElements()
                        .map(hours -> history(drafts, hours)))
                .flatMap(history -> Combinators.combine(
                                Arbitraries.oneOf(Arbitraries.just(inTimeOrder(history)), Arbitraries.shuffle(history)),
                                Arbitraries.integers().between(0, history.size()))
                        .as((arrival, evictedAfter) -> new Scenario(history, arrival, evictedAfter, 0, TAIL)))
                .flatMap(partial -> Combinators.combine(Arbitraries.integers().between(0, partial.evictedAfter()),
                                Arbitraries.integers().between(0, 6))
                        .as((snapshotAfter, tailFacts) -> new Scenario(partial.history(), partial.arrival(),
                                partial.evictedAfter(), snapshotAfter, new Tail(tailFacts, NEVER, Clock.systemUTC()))));
    }

    private static List<Fact> inTimeOrder(List<Fact> facts) {
        return facts.stream().sorted(Comparator.comparing(fact -> fact.origin().time())).toList();
    }

    /** Facts at distinct times; a consent id may be granted again (a renewal). */
    private static List<Fact> history(List<Draft> drafts, List<Integer> hours) {
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Origin origin = new Origin(APPS.get(i % APPS.size()), "m" + i, EPOCH.plusSeconds(3600L * hours.get(i)), EPOCH);
            facts.add(drafts.get(i).apply(origin, hours.get(i)));
        }
        return facts;
    }

    private static Origin by(Origin origin, String app) {
        return new Origin(app, origin.messageId(), origin.time(), origin.recordedAt());
    }

    private static Arbitrary<List<String>> categories() {
        return Arbitraries.of("user.contact", "user.contact.email", "user.location.precise", "user.health",
                "user.health.appointment").list().ofMinSize(1).ofMaxSize(2).uniqueElements();
    }

    private static Arbitrary<List<String>> purposes() {
        return Arbitraries.of("dpv:ServiceProvision", "dpv:Advertising").list().ofMinSize(1).ofMaxSize(2).uniqueElements();
    }

    private static Arbitrary<String> basis() {
        return Arbitraries.of("A6-1-a", "A9-2-a", "A6-1-b", "A9-2-h");
    }

    private static Arbitrary<Draft> grant() {
        return Combinators.combine(Arbitraries.of(APPS), Arbitraries.of(CONSENTS), categories(), purposes(),
                        Arbitraries.of("A6-1-a", "A9-2-a"), Arbitraries.subsetOf(APPS),
                        Arbitraries.integers().between(1, 300).injectNull(0.6))
                .as((app, id, categories, purposes, basis, recipients, lifetime) -> (origin, hour) -> new Fact.Granted(
                        by(origin, app), new ConsentGranted(id, purposes, categories, basis, List.copyOf(recipients),
                        null, lifetime == null ? null : EPOCH.plusSeconds(3600L * (hour + lifetime)))));
    }

    private static Arbitrary<Draft> withdrawal() {
        return Combinators.combine(Arbitraries.of(APPS), Arbitraries.of(CONSENTS))
                .as((app, id) -> (origin, hour) -> new Fact.Withdrawn(by(origin, app), new ConsentWithdrawn(id)));
    }

    private static Arbitrary<Draft> collection() {
        return Combinators.combine(Arbitraries.of(APPS), categories(), purposes(), basis(),
                        Arbitraries.of(CONSENTS).injectNull(0.5))
                .as((app, categories, purposes, basis, consentId) -> (origin, hour) -> new Fact.Collected(by(origin, app),
                        new DataCollected(categories, purposes, basis, consentId, "provided", null)));
    }

    private static Arbitrary<Draft> transfer() {
        return Combinators.combine(Arbitraries.of(APPS), Arbitraries.of(APPS), Arbitraries.of(TRANSFERS), categories(),
                        purposes(), basis(), Arbitraries.of(CONSENTS).injectNull(0.5),
                        Arbitraries.of("DE", "US").injectNull(0.5))
                .flatAs((sender, recipient, transferId, categories, purposes, basis, consentId, country) ->
                        Arbitraries.of("scc").injectNull(0.7).map(safeguard -> (origin, hour) -> new Fact.Transferred(
                                by(origin, sender),
                                new DataTransferred(transferId, recipient, categories, purposes, basis, consentId,
                                        country, safeguard),
                                new RecipientFacts(REGISTRY.containsKey(recipient),
                                        country != null ? country : REGISTRY.get(recipient)))));
    }

    private static Arbitrary<Draft> receipt() {
        return Combinators.combine(Arbitraries.of(APPS), Arbitraries.of(TRANSFERS), Arbitraries.of(APPS))
                .as((app, transferId, sender) -> (origin, hour) -> new Fact.Received(by(origin, app),
                        new DataReceived(transferId, sender)));
    }

    private static Arbitrary<Draft> erasure() {
        return Combinators.combine(Arbitraries.of(APPS), categories().injectNull(0.4))
                .as((app, categories) -> (origin, hour) -> new Fact.Erased(by(origin, app), new DataErased(categories)));
    }
}
