package org.consentledger.ledger.subject;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;
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
 * Freezes the stored form of a {@link DataSubject} snapshot: snapshots outlive the build that wrote
 * them, so a change of shape must fail here and come with a new {@code @Revision} (a snapshot of
 * another revision is passed over and the subject read from its events) and a fixture of that
 * revision ({@code approved/DataSubject-<revision>.json}).
 */
class SnapshotFormTest {

    private static final ObjectMapper JSON = LedgerJson.mapper();
    private static final Tail TAIL = new Tail(512, Duration.ofSeconds(10), Clock.systemUTC());

    @Test
    void aSnapshotIsStoredInTheApprovedFormAndReadBackTheSame() throws Exception {
        DataSubject subject = new DataSubject();
        Field id = DataSubject.class.getDeclaredField("subject");
        id.setAccessible(true);
        id.set(subject, "s-1");
        Field ledgerField = DataSubject.class.getDeclaredField("ledger");
        ledgerField.setAccessible(true);
        SubjectLedger ledger = (SubjectLedger) ledgerField.get(subject);
        ledger.readBack(new Fact.Granted(origin("e-1", "2026-01-10T09:00:00Z"), new ConsentGranted("c-1",
                List.of("dpv:ServiceProvision"), List.of("user.contact"), "A6-1-a", List.of("foodgo"), null, null)), TAIL);
        ledger.readBack(new Fact.Collected(origin("e-2", "2026-01-10T10:00:00Z"), new DataCollected(List.of("user.contact.email"),
                List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", "provided", "P90D")), TAIL);
        ledger.readBack(new Fact.Transferred(origin("e-3", "2026-01-11T10:00:00Z"), new DataTransferred("t-9", "foodgo",
                List.of("user.contact.email"), List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", null, null),
                new RecipientFacts(true, "NL")), TAIL);
        ledger.readBack(new Fact.Withdrawn(origin("e-4", "2026-01-12T10:00:00Z"), new ConsentWithdrawn("c-1")), TAIL);

        String actual = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(subject);
        String fixture = "DataSubject-" + DataSubject.class.getAnnotation(Revision.class).value() + ".json";
        String approved = approved(fixture);
        if (approved == null) {
            Path received = Path.of("target", "received", fixture);
            Files.createDirectories(received.getParent());
            Files.writeString(received, actual + "\n");
            fail("no approved snapshot fixture; review " + received.toAbsolutePath()
                    + " and copy it to src/test/resources/approved/");
        }
        JSONAssert.assertEquals(approved, actual, JSONCompareMode.STRICT);
        String readBack = JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(JSON.readValue(approved, DataSubject.class));
        JSONAssert.assertEquals(approved, readBack, JSONCompareMode.STRICT);
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
