package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules through real Kafka and PostgreSQL: violations decided by the command side read back over
 * HTTP, a late withdrawal flagging the transfer it predates, and a withdrawal turning every copy
 * down the transfer chain due for erasure.
 */
class ConsentRulesEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String T1 = "2026-02-01T08:00:00Z";
    private static final String T2 = "2026-02-01T09:00:00Z";
    private static final String T3 = "2026-02-02T08:00:00Z";
    private static final String T4 = "2026-02-03T08:00:00Z";
    private static final String T5 = "2026-03-01T08:00:00Z";
    private static final String T6 = "2026-03-02T08:00:00Z";
    private static final String EMAIL = "user.contact.email";
    private static DevStack stack;

    @BeforeAll
    static void registerApps() {
        stack = TestStack.shared();
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
        TestStack.registerApp(stack, "beta", "Beta", "FR");
        TestStack.registerApp(stack, "gamma", "Gamma", "US");
    }

    @Test
    void violationsLateWithdrawalsAndErasureDueChainsAreAnsweredOverHttp() {
        String s = "s-" + UUID.randomUUID();
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, T1, "c-1", List.of("user.contact"), List.of("beta"))),
                bytes(Events.collected("alpha", s, T2, "c-1", List.of(EMAIL))),
                bytes(Events.transferred("alpha", s, T3, "t-1", "beta", List.of(EMAIL), "A6-1-a", "c-1")),
                bytes(Events.transferred("beta", s, T4, "t-2", "gamma", List.of(EMAIL), "A6-1-b", null)),
                // reported before the withdrawal that predates it
                bytes(Events.transferred("alpha", s, T6, "t-3", "beta", List.of(EMAIL), "A6-1-a", "c-1")),
                bytes(Events.withdrawn("alpha", s, T5, "c-1")));

        await().atMost(PATIENCE).until(() -> codesOf(violations(s), "t-3").contains("CONSENT_WITHDRAWN")
                && history(s).size() == 6 && consents(s, null).stream()
                        .anyMatch(c -> c.get("status").asText().equals("ConsentWithdrawn")));

        List<JsonNode> violations = violations(s);
        assertThat(violations).hasSize(2);
        assertThat(codesOf(violations, "t-2")).containsExactly("THIRD_COUNTRY_WITHOUT_SAFEGUARD");
        JsonNode late = violations.stream().filter(v -> v.get("transferId").asText().equals("t-3")).findFirst().get();
        assertThat(late.get("kind").asText()).isEqualTo("transfer");
        assertThat(late.get("from").asText()).isEqualTo("alpha");
        assertThat(late.get("to").asText()).isEqualTo("beta");
        assertThat(late.get("at").asText()).isEqualTo(T6);
        assertThat(violationsOf("app=gamma")).anyMatch(v -> v.get("subject").asText().equals(s));
        assertThat(violationsOf("subject=" + s + "&from=" + T5)).hasSize(1);

        List<JsonNode> now = holdings(s, null);
        assertThat(now).extracting(h -> h.get("holder").asText() + ":" + h.get("status").asText())
                .as("alpha collected under c-1, beta and gamma received it down the chain")
                .contains("alpha:erasure-due", "beta:erasure-due", "gamma:erasure-due");
        assertThat(holdings(s, T4)).extracting(h -> h.get("status").asText()).containsOnly("active");

        JsonNode consent = consents(s, null).get(0);
        assertThat(consent.get("consentId").asText()).isEqualTo("c-1");
        assertThat(consent.get("controller").asText()).isEqualTo("alpha");
        assertThat(consent.get("endedAt").asText()).isEqualTo(T5);
        assertThat(consents(s, T4).get(0).get("status").asText()).isEqualTo("ConsentGiven");
        assertThat(consents(s, "2026-01-01T00:00:00Z")).isEmpty();

        List<JsonNode> history = history(s);
        assertThat(history).extracting(e -> e.get("time").asText()).containsExactly(T1, T2, T3, T4, T5, T6);
        assertThat(history.get(0).get("type").asText()).isEqualTo("org.consentledger.consent.granted.v1");
        assertThat(history.get(0).get("source").asText()).isEqualTo("/apps/alpha");
        assertThat(history.get(5).get("violations").get(0).asText()).isEqualTo("CONSENT_WITHDRAWN");
    }

    @Test
    void erasureEndsTheDutyToErase() {
        String s = "s-" + UUID.randomUUID();
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, T1, "c-1", List.of("user.contact"), List.of("beta"))),
                bytes(Events.collected("alpha", s, T2, "c-1", List.of(EMAIL))),
                bytes(Events.withdrawn("alpha", s, T5, "c-1")),
                bytes(Events.erased("alpha", s, T6, null)));

        await().atMost(PATIENCE).until(() -> history(s).size() == 4);
        assertThat(holdings(s, "2026-03-01T12:00:00Z").get(0).get("status").asText()).isEqualTo("erasure-due");
        assertThat(holdings(s, null).get(0).get("status").asText()).isEqualTo("erased");
    }

    /**
     * Reported together, these reach the views in one batch: an app registered again and again (each
     * registration a sequence of its own, so they may be projected in any order), a consent granted
     * twice under one id, and a flagged transfer whose verdict a late withdrawal changes. Each writes
     * one row more than once.
     */
    @Test
    void oneBatchCanWriteTheSameRowTwice() {
        String s = "s-" + UUID.randomUUID();
        for (String before : List.of("First", "Second", "Third")) {
            TestStack.registerApp(stack, "renamed-app", before, "DE");
        }
        TestStack.registerApp(stack, "renamed-app", "After", "NL");
        TestStack.produce(s,
                bytes(Events.granted("alpha", s, T1, "c-1", List.of("user.contact"), List.of("beta"))),
                bytes(Events.granted("alpha", s, T2, "c-1", List.of("user.contact"), List.of("beta", "gamma"))),
                bytes(Events.collected("alpha", s, T3, "c-1", List.of(EMAIL))),
                // to the US without a safeguard: flagged when it arrives, and again by the withdrawal before it
                bytes(Events.transferred("alpha", s, T6, "t-1", "gamma", List.of(EMAIL), "A6-1-a", "c-1")),
                bytes(Events.withdrawn("alpha", s, T5, "c-1")),
                bytes(Events.transferred("alpha", s, T6, "t-2", "renamed-app", List.of(EMAIL), "A6-1-b", null)));

        // the app's registrations and the subject's events may lie in different segments of the views
        await().atMost(PATIENCE).until(() -> history(s).size() == 6 && renamedApp(s).equals(List.of("After NL")));
        assertThat(codesOf(violations(s), "t-1"))
                .containsExactlyInAnyOrder("THIRD_COUNTRY_WITHOUT_SAFEGUARD", "CONSENT_WITHDRAWN");
        JsonNode consent = consents(s, null).get(0);
        assertThat(consent.get("recipients")).extracting(JsonNode::asText).containsExactly("beta", "gamma");
        assertThat(consent.get("givenAt").asText()).isEqualTo(T2);
    }

    /** How the subject's lineage names the app registered four times. */
    private static List<String> renamedApp(String subject) {
        JsonNode nodes = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/lineage").body().get("nodes");
        return StreamSupport.stream(nodes.spliterator(), false).filter(n -> n.get("id").asText().equals("renamed-app"))
                .map(n -> n.get("name").asText() + " " + n.get("country").asText()).toList();
    }

    private static List<JsonNode> list(TestStack.Response response, String field) {
        assertThat(response.status()).isEqualTo(200);
        return StreamSupport.stream(response.body().get(field).spliterator(), false).toList();
    }

    private static List<JsonNode> violations(String subject) {
        return violationsOf("subject=" + subject);
    }

    private static List<JsonNode> violationsOf(String query) {
        return list(TestStack.get(stack.queryUrl() + "/api/v1/audit/violations?" + query), "violations");
    }

    private static List<String> codesOf(List<JsonNode> violations, String transferId) {
        return violations.stream().filter(v -> v.path("transferId").asText().equals(transferId))
                .flatMap(v -> StreamSupport.stream(v.get("codes").spliterator(), false)).map(JsonNode::asText).toList();
    }

    private static List<JsonNode> holdings(String subject, String asOf) {
        return list(TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/holdings"
                + (asOf == null ? "" : "?asOf=" + asOf)), "holdings");
    }

    private static List<JsonNode> consents(String subject, String asOf) {
        return list(TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/consents"
                + (asOf == null ? "" : "?asOf=" + asOf)), "consents");
    }

    private static List<JsonNode> history(String subject) {
        return list(TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/history"), "entries");
    }
}
