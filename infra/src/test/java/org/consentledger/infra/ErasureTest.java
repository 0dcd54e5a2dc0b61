package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Forgetting a person (GDPR Art. 17) as the contract says: 202, then within 30 s no column of any
 * table holds the subject id, its endpoints answer 410 SUBJECT_FORGOTTEN, everyone else's answers are
 * as before (also after a rebuild), a redelivered old message stays a duplicate, and a new report
 * starts a new record.
 */
class ErasureTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static DevStack stack;

    @BeforeAll
    static void registerApps() {
        stack = TestStack.shared();
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
        TestStack.registerApp(stack, "beta", "Beta", "FR");
    }

    @Test
    void aForgottenSubjectLeavesNoTraceAndEveryoneElseIsAsBefore() {
        String forgotten = "erase-me-" + UUID.randomUUID();
        String kept = "keep-me-" + UUID.randomUUID();
        ObjectNode firstReport = story(forgotten);
        story(kept);
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, forgotten).size() == 2
                && TestStack.holdings(stack, kept).size() == 2);
        Map<String, JsonNode> keptBefore = answers(kept);
        assertThat(columnsHolding(forgotten)).as("the subject is in the views before").isNotEmpty();

        TestStack.Response answer = TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + forgotten + "/erasure",
                "application/json", "");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("subject").asText()).isEqualTo(forgotten);
        assertThat(answer.body().get("status").asText()).isEqualTo("forgetting");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(columnsHolding(forgotten)).isEmpty());
        for (String endpoint : List.of("holdings", "consents", "history", "lineage", "report")) {
            TestStack.Response gone = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + forgotten + "/" + endpoint);
            assertThat(gone.status()).as(endpoint).isEqualTo(410);
            assertThat(gone.body().get("code").asText()).isEqualTo("SUBJECT_FORGOTTEN");
        }
        assertThat(TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + forgotten + "/access-tokens",
                "application/json", "").status()).isEqualTo(410);
        assertThat(answers(kept)).isEqualTo(keptBefore);

        // the old message again: a duplicate, recorded nowhere
        TestStack.produce(forgotten, bytes(firstReport));
        TestStack.produce(kept, bytes(Events.collected("alpha", kept, "2026-03-01T09:00:00Z", "c-1",
                List.of("user.name"))));
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, kept).size() == 3);
        assertThat(columnsHolding(forgotten)).isEmpty();

        // a new report starts a new record: only it answers
        TestStack.produce(forgotten, bytes(Events.collected("beta", forgotten, "2026-04-01T09:00:00Z", "c-9",
                List.of("user.contact.email"))));
        await().atMost(PATIENCE).until(() -> TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + forgotten
                + "/holdings").status() == 200 && TestStack.holdings(stack, forgotten).size() == 1);
        assertThat(TestStack.holdings(stack, forgotten).get(0).get("holder").asText()).isEqualTo("beta");
    }

    @Test
    void aRebuildAfterAnErasureGivesTheViewsOfBeforeItMinusThatPerson() {
        String forgotten = "erase-me-" + UUID.randomUUID();
        String kept = "keep-me-" + UUID.randomUUID();
        story(forgotten);
        story(kept);
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, forgotten).size() == 2
                && TestStack.holdings(stack, kept).size() == 2);
        assertThat(TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + forgotten + "/erasure",
                "application/json", "").status()).isEqualTo(202);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(columnsHolding(forgotten)).isEmpty());
        Map<String, JsonNode> keptBefore = answers(kept);
        await().atMost(PATIENCE).until(() -> !accessIds(kept).isEmpty());
        List<String> keptReadBefore = accessIds(kept);

        assertThat(TestStack.post(stack.queryUrl() + "/api/v1/admin/projections/views/rebuild", "application/json", "")
                .status()).isEqualTo(202);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(answers(kept)).isEqualTo(keptBefore));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(accessIds(kept)).as("the auditor's reads of the kept person")
                .containsAll(keptReadBefore));
        assertThat(columnsHolding(forgotten)).isEmpty();
    }

    /** A forgotten event parked behind a dead letter of its record is never handled: the erasure reaches the views anyway. */
    @Test
    void aSubjectWithAParkedEventIsForgottenFromTheViewsAndTheDeadLettersToo() {
        String forgotten = "erase-me-" + UUID.randomUUID();
        story(forgotten);
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, forgotten).size() == 2);
        String record = TestStack.storeSealed(stack, forgotten, "org.consentledger.contracts.dataflow.DataCollectedEvent",
                "{\"subject\": \"" + forgotten + "\", \"origin\": \"broken\"}");
        await().atMost(PATIENCE).until(() -> parked(record) == 1);

        assertThat(TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + forgotten + "/erasure",
                "application/json", "").status()).isEqualTo(202);

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(columnsHolding(forgotten)).isEmpty();
            assertThat(parked(record)).isZero();
        });
    }

    private static long parked(String record) {
        return TestStack.jdbc(stack.dbUrl()).queryForObject(
                "select count(*) from query.deadletterentry where sequenceidentifier = ?", Long.class, record);
    }

    @Test
    void aPersonMayForgetThemselvesButNoOneElse() {
        String person = "erase-me-" + UUID.randomUUID();
        story(person);
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, person).size() == 2);
        String token = TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + person + "/access-tokens",
                "application/json", "").body().get("token").asText();

        assertThat(TestStack.call("POST", stack.ledgerUrl() + "/api/v1/subjects/someone-else/erasure", token, null, null)
                .status()).isEqualTo(403);
        assertThat(TestStack.call("POST", stack.ledgerUrl() + "/api/v1/subjects/" + person + "/erasure",
                TestStack.auditor().token(), null, null).status()).isEqualTo(403);
        assertThat(TestStack.call("POST", stack.ledgerUrl() + "/api/v1/subjects/" + person + "/erasure", token, null, null)
                .status()).isEqualTo(202);
        await().atMost(WITHIN).until(() -> TestStack.call("GET", stack.queryUrl() + "/api/v1/subjects/" + person
                + "/holdings", token, null, null).status() == 410);
    }

    /**
     * A consent, a collection under it and a transfer: rows in every view. The consent's message id
     * names the subject, as an app may.
     */
    private static ObjectNode story(String subject) {
        ObjectNode granted = Events.granted("alpha", subject, "2026-02-01T08:00:00Z", "c-1",
                List.of("user.contact.email"), List.of("beta")).put("id", "consent-of-" + subject);
        TestStack.produce(subject, bytes(granted),
                bytes(Events.collected("alpha", subject, "2026-02-01T09:00:00Z", "c-1", List.of("user.contact.email"))),
                bytes(Events.transferred("alpha", subject, "2026-02-01T10:00:00Z", "t-1", "beta",
                        List.of("user.contact.email"), "A6-1-a", "c-1")));
        return granted;
    }

    private static Map<String, JsonNode> answers(String subject) {
        Map<String, JsonNode> answers = new java.util.TreeMap<>();
        for (String endpoint : List.of("holdings", "consents", "history", "lineage")) {
            JsonNode body = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/" + endpoint).body();
            ((ObjectNode) body).remove("asOf");
            answers.put(endpoint, body);
        }
        return answers;
    }

    /** The reads of {@code subject}'s data by others (this test's auditor) that the views list. */
    private static List<String> accessIds(String subject) {
        return TestStack.jdbc(stack.dbUrl()).queryForList("select access_id from query.subject_access where subject = ?",
                String.class, subject);
    }

    private static List<String> columnsHolding(String text) {
        return TestStack.columnsHolding(stack.dbUrl(), text);
    }
}
