package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CloudEvents through a real Kafka broker into a real PostgreSQL, read back over HTTP from query-service. */
class LedgerEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static DevStack stack;

    @BeforeAll
    static void registerApps() {
        stack = TestStack.shared();
        for (String app : List.of("alpha:DE", "beta:FR", "gamma:US")) {
            String[] idAndCountry = app.split(":");
            TestStack.Response r = TestStack.put(stack.ledgerUrl() + "/api/v1/apps/" + idAndCountry[0],
                    "{\"name\":\"" + idAndCountry[0] + "\",\"country\":\"" + idAndCountry[1] + "\"}");
            assertThat(r.status()).isIn(200, 201);
        }
    }

    private static String newSubject() {
        return "s-" + UUID.randomUUID();
    }

    private static List<JsonNode> holdings(String subject, String asOf) {
        TestStack.Response r = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/holdings"
                + (asOf == null ? "" : "?asOf=" + asOf));
        assertThat(r.status()).isEqualTo(200);
        return StreamSupport.stream(r.body().get("holdings").spliterator(), false).toList();
    }

    private static List<JsonNode> held(List<JsonNode> holdings, String holder, String category) {
        return holdings.stream()
                .filter(h -> h.get("holder").asText().equals(holder) && h.get("category").asText().equals(category))
                .toList();
    }

    @Test
    void holdingsAnswerBeforeATransferAfterItAndAfterAnErasure() {
        String s = newSubject();
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, "2026-02-01T08:00:00Z", "c-1",
                        List.of("user.location", "user.contact.email"), List.of("beta"))),
                bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1",
                        List.of("user.location.precise", "user.contact.email"))),
                bytes(Events.transferred("alpha", s, "2026-02-02T08:00:00Z", "t-1", "beta",
                        List.of("user.location.precise"))),
                bytes(Events.erased("beta", s, "2026-03-01T08:00:00Z", List.of("user.location"))));

        await().atMost(PATIENCE).until(() -> held(holdings(s, null), "beta", "user.location.precise").stream()
                .anyMatch(h -> h.get("status").asText().equals("erased")));

        List<JsonNode> beforeTransfer = holdings(s, "2026-02-01T12:00:00Z");
        assertThat(beforeTransfer).extracting(h -> h.get("holder").asText()).containsOnly("alpha").hasSize(2);
        assertThat(held(beforeTransfer, "alpha", "user.contact.email").get(0).get("source").get("type").asText())
                .isEqualTo("collected");

        JsonNode afterTransfer = held(holdings(s, "2026-02-10T00:00:00Z"), "beta", "user.location.precise").get(0);
        assertThat(afterTransfer.get("since").asText()).isEqualTo("2026-02-02T08:00:00Z");
        assertThat(afterTransfer.get("until").isNull()).isTrue();
        assertThat(afterTransfer.get("status").asText()).isEqualTo("active");
        assertThat(afterTransfer.get("source").get("type").asText()).isEqualTo("transfer");
        assertThat(afterTransfer.get("source").get("from").asText()).isEqualTo("alpha");
        assertThat(afterTransfer.get("source").get("transferId").asText()).isEqualTo("t-1");
        assertThat(afterTransfer.get("legalBasis").asText()).isEqualTo("A6-1-a");
        assertThat(afterTransfer.get("purposes").get(0).asText()).isEqualTo("dpv:ServiceProvision");

        List<JsonNode> afterErasure = holdings(s, "2026-03-02T00:00:00Z");
        JsonNode erased = held(afterErasure, "beta", "user.location.precise").get(0);
        assertThat(erased.get("status").asText()).isEqualTo("erased");
        assertThat(erased.get("until").asText()).isEqualTo("2026-03-01T08:00:00Z");
        assertThat(held(afterErasure, "alpha", "user.location.precise").get(0).get("status").asText())
                .as("the sender's own copy is not erased by the recipient's erasure").isEqualTo("active");
    }

    /**
     * A subject's reports from several apps arrive in no fixed order: an erasure that arrives before
     * the transfer it erases still erases it, and an earlier erasure arriving after a later one moves
     * the holding's end back to it.
     */
    @Test
    void aHoldingIsErasedFromTheEarliestErasureCoveringItWhateverTheOrderTheyArriveIn() {
        String s = newSubject();
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, "2026-02-01T08:00:00Z", "c-1", List.of("user.location"),
                        List.of("beta"))),
                bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.location.precise"))),
                bytes(Events.erased("beta", s, "2026-03-05T08:00:00Z", List.of("user.location"))));
        await().atMost(PATIENCE).until(() -> eventsStoredFor(s) == 3);
        TestStack.produce(s, bytes(Events.transferred("alpha", s, "2026-02-02T08:00:00Z", "t-1", "beta",
                List.of("user.location.precise"))));

        await().atMost(PATIENCE).until(() -> held(holdings(s, null), "beta", "user.location.precise").stream()
                .anyMatch(h -> h.get("status").asText().equals("erased")));
        assertThat(held(holdings(s, null), "beta", "user.location.precise").get(0).get("until").asText())
                .isEqualTo("2026-03-05T08:00:00Z");

        TestStack.produce(s, bytes(Events.erased("beta", s, "2026-03-01T08:00:00Z", List.of("user"))));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                held(holdings(s, null), "beta", "user.location.precise").get(0).get("until").asText())
                .isEqualTo("2026-03-01T08:00:00Z"));
        assertThat(held(holdings(s, null), "alpha", "user.location.precise").get(0).get("status").asText())
                .isEqualTo("active");
    }

    @Test
    void malformedMessagesGoToTheDeadLetterTopicWithTheirReasonAndIngestionGoesOn() {
        String s = newSubject();
        String marker = UUID.randomUUID().toString();
        byte[] notJson = ("{\"id\":\"" + marker + "\", not json").getBytes(StandardCharsets.UTF_8);
        ObjectNode unregistered = Events.collected("nobody", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"));
        TestStack.produce(s, notJson, bytes(unregistered),
                bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"))));

        await().atMost(PATIENCE).until(() -> !holdings(s, null).isEmpty());
        assertThat(holdings(s, null)).hasSize(1);

        List<ConsumerRecord<byte[], byte[]>> letters = TestStack.deadLettersFor(s, 2);
        ConsumerRecord<byte[], byte[]> first = letters.stream().filter(l -> l.topic().equals("ledger.dlq.alpha"))
                .findFirst().orElseThrow();
        assertThat(first.value()).isEqualTo(notJson);
        assertThat(TestStack.header(first, "ledger-error-code")).isEqualTo("NOT_JSON");
        assertThat(TestStack.header(first, "ledger-error-detail")).contains("not valid JSON");
        assertThat(TestStack.header(first, "ledger-original-topic")).isEqualTo("ledger.app.alpha");
        ConsumerRecord<byte[], byte[]> second = letters.stream().filter(l -> l.topic().equals("ledger.dlq.nobody"))
                .findFirst().orElseThrow();
        assertThat(TestStack.header(second, "ledger-error-code")).isEqualTo("UNREGISTERED_SOURCE");
        assertThat(second.value()).isEqualTo(bytes(unregistered));
    }

    @Test
    void aRedeliveredMessageIsRecordedOnceWhetherOnKafkaOrOverHttp() {
        String s = newSubject();
        byte[] collection = bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name")));
        TestStack.produce(s, collection, collection);
        TestStack.Response overHttp = TestStack.post(stack.ledgerUrl() + "/api/v1/events",
                "application/cloudevents+json", new String(collection, StandardCharsets.UTF_8));
        assertThat(overHttp.status()).isIn(200, 202);
        // A later event of the same subject: once it is visible, the duplicates before it were handled.
        TestStack.produce(s, bytes(Events.collected("alpha", s, "2026-02-02T09:00:00Z", "c-1",
                List.of("user.contact.email"))));

        await().atMost(PATIENCE).until(() -> holdings(s, null).size() >= 2);
        assertThat(held(holdings(s, null), "alpha", "user.name")).hasSize(1);
        assertThat(eventsStoredFor(s)).isEqualTo(2);
    }

    @Test
    void httpIngestAnswersProblemBodiesWithTheDeadLetterCodes() {
        String s = newSubject();
        ObjectNode event = Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"));
        String url = stack.ledgerUrl() + "/api/v1/events";

        TestStack.Response accepted = TestStack.post(url, "application/cloudevents+json", event.toString());
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("status").asText()).isEqualTo("recorded");
        TestStack.Response again = TestStack.post(url, "application/cloudevents+json", event.toString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("status").asText()).isEqualTo("duplicate");

        event.put("type", "org.consentledger.data.copied.v1");
        TestStack.Response refused = TestStack.post(url, "application/cloudevents+json", event.toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("code").asText()).isEqualTo("UNKNOWN_TYPE");
        assertThat(refused.body().get("detail").asText()).contains("org.consentledger.data.copied.v1");
    }

    @Test
    void malformedQueryParametersAndRegistrationsAnswer400ProblemBodies() {
        TestStack.Response badAsOf = TestStack.get(stack.queryUrl() + "/api/v1/subjects/s-1/holdings?asOf=yesterday");
        assertThat(badAsOf.status()).isEqualTo(400);
        assertThat(badAsOf.contentType()).startsWith("application/problem+json");
        assertThat(badAsOf.body().get("code").asText()).isEqualTo("INVALID_PARAMETER");

        TestStack.Response badCountry = TestStack.put(stack.ledgerUrl() + "/api/v1/apps/delta",
                "{\"name\":\"Delta\",\"country\":\"Atlantis\"}");
        assertThat(badCountry.status()).isEqualTo(400);
        assertThat(badCountry.body().get("code").asText()).isEqualTo("INVALID_FIELD");

        TestStack.Response apps = TestStack.get(stack.ledgerUrl() + "/api/v1/apps");
        assertThat(apps.body().get("apps").findValuesAsText("appId")).contains("alpha", "beta", "gamma")
                .doesNotContain("delta");
    }

    @Test
    void unknownSubjectHasNoHoldings() {
        assertThat(holdings(newSubject(), null)).isEmpty();
    }

    /**
     * A batch's entries take their global indexes from the column's default as its one statement
     * inserts them ({@code AppendInOneStatement}), and the query side reads the store in global-index order: a subject's entries carry them in the order
     * they were appended, also when one report appends several (a late withdrawal and the verdicts it
     * changes).
     */
    @Test
    void aSubjectsEntriesCarryGlobalIndexesInTheOrderTheyWereAppended() {
        String s = newSubject();
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, "2026-02-01T08:00:00Z", "c-1", List.of("user.contact.email"),
                        List.of("beta"))),
                bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.contact.email"))),
                bytes(Events.collected("alpha", s, "2026-02-01T10:00:00Z", "c-1", List.of("user.contact.email"))));
        await().atMost(PATIENCE).until(() -> eventsStoredFor(s) == 3);
        // reported after the collections it predates were recorded, so it is late
        TestStack.produce(s, bytes(Events.withdrawn("alpha", s, "2026-02-01T08:30:00Z", "c-1")));

        await().atMost(PATIENCE).until(() -> eventsStoredFor(s) == 6);

        List<Long> indexes = TestStack.jdbc(stack.dbUrl()).queryForList(
                "select global_index from domain_event_entry where aggregate_identifier = ? order by sequence_number",
                Long.class, TestStack.recordOf(stack, s));
        assertThat(indexes).as("global indexes in sequence order").isSorted().doesNotHaveDuplicates();
    }

    private static long eventsStoredFor(String subject) {
        return TestStack.reportsStored(stack, subject);
    }

}
