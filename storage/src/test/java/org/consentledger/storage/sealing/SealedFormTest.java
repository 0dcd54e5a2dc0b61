package org.consentledger.storage.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The sealed stored form is frozen: an event sealed once (fixture {@code approved/sealed-event.json}:
 * the subject's key, the stored event's identifier, the stored payload and what it says) still opens
 * to what it said. Sealing is randomized (a fresh IV per event), so the fixture is opened, not compared.
 */
class SealedFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLEAR = """
            {"subject":"s-1","origin":{"app":"weconnect","messageId":"e-1","time":"2026-01-10T09:00:00Z",
             "recordedAt":"2026-01-10T09:00:02.5Z"},"collection":{"categories":["user.contact.email"],
             "purposes":["dpv:ServiceProvision"],"legalBasis":"A6-1-a","consentId":"c-1","method":"provided"},
             "verdict":{"violations":[],"restsOn":["c-1"]}}""";

    @Test
    void aStoredSealedEventStillOpensToWhatItSaid() throws Exception {
        JsonNode fixture = approved();
        if (fixture == null) {
            byte[] subjectKey = MasterKey.randomKey();
            String eventId = "0b8d3f3e-5a7c-4c1e-9f0d-2b6f1e4a7c91";
            ObjectNode made = JSON.createObjectNode()
                    .put("subjectKey", Base64.getEncoder().encodeToString(subjectKey)).put("eventId", eventId);
            made.set("stored", JSON.readTree(Sealer.seal(CLEAR.getBytes(StandardCharsets.UTF_8),
                    Sealer.eventKey(subjectKey, eventId))));
            Path received = Path.of("target", "received", "sealed-event.json");
            Files.createDirectories(received.getParent());
            Files.writeString(received, made.toPrettyString() + "\n");
            fail("no approved sealed form; review " + received.toAbsolutePath() + " and copy it to src/test/resources/approved/");
        }
        byte[] eventKey = Sealer.eventKey(Base64.getDecoder().decode(fixture.get("subjectKey").asText()),
                fixture.get("eventId").asText());

        assertThat(JSON.readTree(Sealer.open(JSON.writeValueAsBytes(fixture.get("stored")), eventKey))).isEqualTo(JSON.readTree(CLEAR));
    }

    private static JsonNode approved() throws Exception {
        try (InputStream in = SealedFormTest.class.getResourceAsStream("/approved/sealed-event.json")) {
            return in == null ? null : JSON.readTree(in);
        }
    }
}
