package org.consentledger.ledger.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.Origin;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Freezes the stored form of a {@link SubjectSnapshot}: snapshots outlive the build that wrote them,
 * so a change of shape must fail here and come with a new revision (a snapshot of another revision is
 * passed over and the subject read from its events) and a fixture of that revision
 * ({@code approved/SubjectSnapshot-<revision>.json}).
 */
class SnapshotFormTest {

    private static final ObjectMapper JSON = LedgerJson.mapper();
    private static final Tail TAIL = new Tail(512, Duration.ofSeconds(10), Clock.systemUTC());

    private static final Fact GRANTED = new Fact.Granted(origin("e-1", "2026-01-10T09:00:00Z"), new ConsentGranted("c-1",
            List.of("dpv:ServiceProvision"), List.of("user.contact"), "A6-1-a", List.of("foodgo"), null, null));
    private static final Fact COLLECTED = new Fact.Collected(origin("e-2", "2026-01-10T10:00:00Z"), new DataCollected(
            List.of("user.contact.email"), List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", "provided", "P90D"));
    private static final Fact TRANSFERRED = new Fact.Transferred(origin("e-3", "2026-01-11T10:00:00Z"),
            new DataTransferred("t-9", "foodgo", List.of("user.contact.email"), List.of("dpv:ServiceProvision"),
                    "A6-1-a", "c-1", null, null), new RecipientFacts(true, "NL"));
    private static final Fact WITHDRAWN = new Fact.Withdrawn(origin("e-4", "2026-01-12T10:00:00Z"),
            new ConsentWithdrawn("c-1"));

    /** A history no snapshot of a subject judged in order needs. */
    private static final Supplier<History> UNUSED = () -> {
        throw new AssertionError("the history was read although the state was not stale");
    };

    @Test
    void aSnapshotIsStoredInTheApprovedFormAndReadBackTheSame() throws Exception {
        SubjectLedger ledger = new SubjectLedger();
        List.of(GRANTED, COLLECTED, TRANSFERRED, WITHDRAWN).forEach(fact -> ledger.readBack(fact, TAIL));

        String actual = json(ledger.snapshot("s-1", UNUSED));
        String fixture = "SubjectSnapshot-" + SubjectSnapshot.REVISION + ".json";
        String approved = approved(fixture);
        if (approved == null) {
            Path received = Path.of("target", "received", fixture);
            Files.createDirectories(received.getParent());
            Files.writeString(received, actual + "\n");
            fail("no approved snapshot fixture; review " + received.toAbsolutePath()
                    + " and copy it to src/test/resources/approved/");
        }
        JSONAssert.assertEquals(approved, actual, JSONCompareMode.STRICT);

        SubjectLedger restored = new SubjectLedger();
        restored.restore(JSON.readValue(approved, SubjectSnapshot.class));
        JSONAssert.assertEquals(approved, json(restored.snapshot("s-1", UNUSED)), JSONCompareMode.STRICT);
    }

    @Test
    void aSubjectReadBackStaleIsJudgedFromItsHistoryBeforeItsSnapshotIsTaken() throws Exception {
        SubjectLedger inOrder = new SubjectLedger();
        History history = new History();
        for (Fact fact : List.of(GRANTED, COLLECTED, TRANSFERRED)) {
            inOrder.readBack(fact, TAIL);
            history.add(fact, null);
        }

        SubjectLedger stale = new SubjectLedger();
        stale.readBack(GRANTED, TAIL);
        stale.readBack(TRANSFERRED, TAIL);
        stale.snapshot("s-1", UNUSED);
        stale.readBack(COLLECTED, TAIL);
        AtomicInteger historyReads = new AtomicInteger();
        String snapshot = json(stale.snapshot("s-1", () -> {
            historyReads.incrementAndGet();
            return history;
        }));

        assertThat(historyReads).as("a fact stored after one it happened before leaves the state read back stale")
                .hasValue(1);
        JSONAssert.assertEquals(json(inOrder.snapshot("s-1", UNUSED)), snapshot, JSONCompareMode.STRICT);
    }

    private static String json(SubjectSnapshot snapshot) throws Exception {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot);
    }

    private static Origin origin(String id, String time) {
        return new Origin("weconnect", id, Instant.parse(time), Instant.parse(time).plusSeconds(2));
    }

    private static String approved(String fixture) throws Exception {
        try (InputStream in = SnapshotFormTest.class.getResourceAsStream("/approved/" + fixture)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
