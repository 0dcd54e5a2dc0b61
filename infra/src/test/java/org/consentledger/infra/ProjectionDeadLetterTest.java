package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * One poison event parks only its own subject's sequence in each projection's dead-letter queue;
 * everyone else's events are projected; the admin endpoints list, retry and evict the parked ones.
 */
class ProjectionDeadLetterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void poisonEventParksOnlyItsOwnSubjectAndCanBeListedRetriedAndEvicted() throws Exception {
        DevStack stack = TestStack.shared();
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
        String healthy = "s-" + UUID.randomUUID();
        // an event whose origin the views cannot read, stored sealed under the record it parks
        String poisonedSubject = "poison-" + UUID.randomUUID();
        String poisoned = TestStack.storeSealed(stack, poisonedSubject,
                "org.consentledger.contracts.dataflow.DataCollectedEvent",
                "{\"subject\": \"" + poisonedSubject + "\", \"origin\": \"broken\"}");
        TestStack.produce(healthy, bytes(Events.collected("alpha", healthy, "2026-02-01T09:00:00Z", "c-none",
                List.of("user.name"))));

        await().atMost(PATIENCE).until(() -> !TestStack.holdings(stack, healthy).isEmpty() && letters(stack).stream()
                .anyMatch(l -> poisoned.equals(l.path("sequence").asText())));
        List<JsonNode> parked = letters(stack).stream().filter(l -> poisoned.equals(l.path("sequence").asText())).toList();
        assertThat(parked).extracting(l -> l.get("processingGroup").asText()).containsExactly("views");
        assertThat(parked).allSatisfy(l -> assertThat(l.get("causeType").asText()).isNotBlank());
        assertThat(TestStack.get(stack.queryUrl() + "/actuator/health").body().get("components").get("projections")
                .get("status").asText()).as("a parked sequence does not stop the projection").isEqualTo("UP");
        assertThat(TestStack.getRaw(stack.queryUrl() + "/actuator/prometheus").text())
                .containsPattern("ledger_projection_dead_letters\\{projection=\"views\"\\} [1-9]");

        assertThat(TestStack.columnsHolding(stack.dbUrl(), poisonedSubject)).as("a parked event is kept sealed").isEmpty();

        JsonNode retried = TestStack.post(stack.queryUrl() + "/api/v1/admin/dead-letters/views/retry", "application/json", "")
                .body();
        assertThat(retried.get("succeeded").asInt()).as("the poison still fails").isZero();

        JsonNode evicted = TestStack.delete(stack.queryUrl() + "/api/v1/admin/dead-letters/views/" + poisoned).body();
        assertThat(evicted.get("evicted").asInt()).isEqualTo(1);
        assertThat(letters(stack)).noneMatch(l -> poisoned.equals(l.path("sequence").asText()));
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/admin/dead-letters/nowhere/retry").status()).isNotEqualTo(200);
    }

    private static List<JsonNode> letters(DevStack stack) {
        JsonNode body = TestStack.get(stack.queryUrl() + "/api/v1/admin/dead-letters").body();
        return StreamSupport.stream(body.get("deadLetters").spliterator(), false).toList();
    }
}
