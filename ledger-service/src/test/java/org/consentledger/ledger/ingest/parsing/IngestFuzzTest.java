package org.consentledger.ledger.ingest.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random bytes and mutated valid messages into the ingest parser: each is either accepted or
 * refused with a code. No other exception escapes, and none stalls the parser.
 */
class IngestFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> REGISTERED = Map.of("weconnect", "DE", "foodgo", "NL");
    private static final List<String> VALID = List.of(
            """
            {"specversion":"1.0","id":"e-1","source":"/apps/weconnect","type":"org.consentledger.consent.granted.v1",
             "subject":"s-1","time":"2026-01-10T09:00:00Z","data":{"consentId":"c-1","purposes":["dpv:ServiceProvision"],
             "categories":["user.contact"],"legalBasis":"A6-1-a","recipients":["foodgo"],
             "notice":{"url":"https://x.example/p","version":"1"},"expiresAt":"2027-01-01T00:00:00Z"}}""",
            """
            {"specversion":"1.0","id":"e-2","source":"/apps/weconnect","type":"org.consentledger.data.collected.v1",
             "subject":"s-1","time":"2026-01-10T09:05:00Z","data":{"categories":["user.contact.email"],
             "purposes":["dpv:ServiceProvision"],"legalBasis":"A6-1-a","consentId":"c-1","method":"provided",
             "retention":"P90D"}}""",
            """
            {"specversion":"1.0","id":"e-3","source":"/apps/weconnect","type":"org.consentledger.data.transferred.v1",
             "subject":"s-1","time":"2026-01-11T10:00:00Z","data":{"transferId":"t-1","recipient":"foodgo",
             "categories":["user.contact.email"],"purposes":["dpv:ServiceProvision"],"legalBasis":"A6-1-a",
             "recipientCountry":"US","safeguard":"scc"}}""",
            """
            {"specversion":"1.0","id":"e-4","source":"/apps/foodgo","type":"org.consentledger.data.received.v1",
             "subject":"s-1","time":"2026-01-11T10:01:00Z","data":{"transferId":"t-1","sender":"weconnect"}}""",
            """
            {"specversion":"1.0","id":"e-5","source":"/apps/foodgo","type":"org.consentledger.data.erased.v1",
             "subject":"s-1","time":"2026-04-01T07:00:00Z","data":{"categories":["user.contact"]}}""",
            """
            {"specversion":"1.0","id":"e-6","source":"/apps/weconnect","type":"org.consentledger.consent.withdrawn.v1",
             "subject":"s-1","time":"2026-03-01T09:00:00Z","data":{"consentId":"c-1"}}""");

    private final CloudEventParser parser = new CloudEventParser(
            Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC), 65536, Duration.ofMinutes(5));

    @Property(tries = 1000)
    void randomBytesAreRefusedWithACode(@ForAll("bytes") byte[] body) {
        assertAcceptedOrRefusedWithACode(body);
    }

    @Property(tries = 1000)
    void mutatedValidMessagesAreAcceptedOrRefusedWithACode(@ForAll("mutants") byte[] body) {
        assertAcceptedOrRefusedWithACode(body);
    }

    @Property(tries = 50)
    void unmutatedValidMessagesAreAccepted(@ForAll("valid") String body) {
        String sender = body.contains("/apps/foodgo") ? "foodgo" : "weconnect";
        assertThat(parser.parse(new RawMessage(body.getBytes(StandardCharsets.UTF_8), Map.of()), REGISTERED, sender))
                .isNotNull();
    }

    private void assertAcceptedOrRefusedWithACode(byte[] body) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                AcceptedEvent accepted = parser.parse(new RawMessage(body, Map.of()), REGISTERED, "weconnect");
                assertThat(accepted.toCommand()).isNotNull();
            } catch (InvalidEventException refused) {
                assertThat(refused.error()).isNotNull();
                assertThat(refused.getMessage()).isNotBlank();
            }
        });
    }

    @Provide
    Arbitrary<String> valid() {
        return Arbitraries.of(VALID);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    }

    @Provide
    Arbitrary<byte[]> mutants() {
        Arbitrary<String> field = Arbitraries.of("specversion", "id", "source", "type", "subject", "time", "data",
                "consentId", "purposes", "categories", "legalBasis", "recipients", "method", "retention", "transferId",
                "recipient", "sender", "recipientCountry", "safeguard", "expiresAt", "notice");
        Arbitrary<JsonNode> junk = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(JSON.getNodeFactory()::textNode),
                Arbitraries.integers().map(JSON.getNodeFactory()::numberNode),
                Arbitraries.just(JSON.getNodeFactory().nullNode()),
                Arbitraries.just(JSON.getNodeFactory().booleanNode(true)),
                Arbitraries.just(JSON.createArrayNode().add(1).add("x")),
                Arbitraries.just(JSON.createObjectNode().put("x", 1)));
        Arbitrary<byte[]> structural = Arbitraries.of(VALID).flatMap(valid -> field.list().ofMinSize(1).ofMaxSize(3)
                .flatMap(fields -> junk.list().ofSize(fields.size()).flatMap(values -> Arbitraries.of(true, false)
                        .map(remove -> mutate(valid, fields, values, remove)))));
        Arbitrary<byte[]> textual = Arbitraries.of(VALID).flatMap(valid -> Arbitraries.integers()
                .between(0, valid.length() - 1).flatMap(at -> Arbitraries.strings().ofMaxLength(3)
                        .map(insert -> (valid.substring(0, at) + insert + valid.substring(at + 1))
                                .getBytes(StandardCharsets.UTF_8))));
        Arbitrary<byte[]> truncated = Arbitraries.of(VALID).flatMap(valid -> Arbitraries.integers()
                .between(0, valid.length()).map(n -> valid.substring(0, n).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(structural, textual, truncated);
    }

    private static byte[] mutate(String valid, List<String> fields, List<JsonNode> values, boolean remove) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(valid);
            for (int i = 0; i < fields.size(); i++) {
                for (ObjectNode holder : objects(event)) {
                    if (holder.has(fields.get(i))) {
                        if (remove) {
                            holder.remove(fields.get(i));
                        } else {
                            holder.set(fields.get(i), values.get(i));
                        }
                    }
                }
            }
            return JSON.writeValueAsBytes(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ObjectNode> objects(JsonNode node) {
        List<ObjectNode> objects = new ArrayList<>();
        if (node instanceof ObjectNode object) {
            objects.add(object);
            for (Iterator<JsonNode> it = object.elements(); it.hasNext(); ) {
                objects.addAll(objects(it.next()));
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> objects.addAll(objects(child)));
        }
        return objects;
    }
}
