package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What one hostile record must not do: stop ingestion, freeze the views, or turn into a 5xx. Records
 * the door cannot see are unstorable are simulated by database triggers that refuse one id, the way
 * PostgreSQL refused a NUL or a year 0; events the views cannot store by rows written into the event
 * store directly, as an older ledger could have accepted them.
 */
class HostileInputTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static DevStack stack;
    private static JdbcTemplate db;

    @BeforeAll
    static void registerApp() {
        stack = TestStack.shared();
        db = TestStack.jdbc(stack.dbUrl());
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
        // the ledger keeps a message id by its keyed hash: the test names the ids to refuse by theirs
        db.execute("create table if not exists test_refused_id (message_id text primary key, errcode text not null)");
        db.execute("""
                create or replace function test_refuse() returns trigger language plpgsql as $$
                declare
                    code text;
                begin
                    select errcode into code from test_refused_id where message_id = encode(new.message_id, 'hex');
                    if code = '22000' then
                        raise exception 'refused by the test' using errcode = '22000';
                    end if;
                    if code = '53000' then
                        raise exception 'the database is out of resources (test)' using errcode = '53000';
                    end if;
                    return new;
                end $$""");
    }

    @AfterEach
    void dropTriggers() {
        db.execute("drop trigger if exists test_refuse on ingested_message");
        db.execute("drop trigger if exists test_stall on query.holding");
    }

    private static void refuseIds() {
        db.execute("create trigger test_refuse before insert on ingested_message for each row execute function test_refuse()");
    }

    /** A message id whose claim the database refuses with {@code errcode} while the trigger is on. */
    private static String refused(String errcode) {
        String id = "refused-" + UUID.randomUUID();
        db.update("insert into test_refused_id values (?, ?)", TestStack.subjectKeys(stack).keyedHash(id), errcode);
        return id;
    }

    /** Each input that, unchecked, halts ingestion, freezes the views or is lost, on one partition, then a valid event. */
    @Test
    void eachInputThatOnceStoppedTheLedgerIsDeadLetteredWithItsCodeAndIngestionGoesOn() {
        String s = "s-" + UUID.randomUUID();
        String collection = Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"))
                .put("id", "ID").toString();
        String grant = Events.granted("alpha", s, "2026-02-01T08:00:00Z", "c-1", List.of("user.name"), List.of())
                .put("id", "ID").toString();
        String transfer = Events.transferred("alpha", s, "2026-02-01T10:00:00Z", "t-1", "beta", List.of("user.name"))
                .put("id", "ID").toString();
        String subject = "\"subject\":\"" + s + "\"";
        List<String> hostile = List.of(
                collection.replace("\"ID\"", "\"a\\u0000b\""),
                collection.replace(subject, "\"subject\":\"x\\u0000y\""),
                collection.replace("2026-02-01T09:00:00Z", "0000-01-01T00:00:00Z"),
                collection.replace("2026-02-01T09:00:00Z", "0001-01-01T00:00:00+14:00"),
                grant.replace("\"legalBasis\"", "\"expiresAt\":\"0000-01-01T00:00:00Z\",\"legalBasis\""),
                grant.replace("\"c-1\"", "\"c\\u0000\""),
                transfer.replace("\"t-1\"", "\"t\\u0000\""),
                grant.replace("\"legalBasis\"", "\"notice\":{\"url\":\"https://x.example\",\"version\":\""
                        + "v".repeat(101) + "\"},\"legalBasis\""),
                collection.replace("\"method\"", "\"retention\":\"P" + "1".repeat(64) + "D\",\"method\""),
                collection.replace("\"ID\"", "\"x\\ud800z\""),
                collection.replace(subject, "\"subject\":\"x\\ud800z\""),
                collection.replace(subject, "\"subject\":\"x\\udbffz\""),
                collection.replace(subject, "\"subject\":\"a/b\""),
                collection.replace(subject, "\"subject\":\"a\\\\b\""));
        List<String> trailing = List.of(collection + "x", collection + "}", collection + " // c", collection + collection);
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < hostile.size() + trailing.size(); i++) {
            String text = i < hostile.size() ? hostile.get(i) : trailing.get(i - hostile.size());
            records.add(text.replace("\"ID\"", "\"h-" + UUID.randomUUID() + "\"").getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode after = Events.collected("alpha", s, "2026-02-02T09:00:00Z", "c-1", List.of("user.contact.email"));
        records.add(bytes(after));
        TestStack.produce(s, records.toArray(byte[][]::new));

        List<ConsumerRecord<byte[], byte[]>> letters = TestStack.deadLettersFor(s, records.size() - 1);
        assertThat(letters).extracting(l -> TestStack.header(l, "ledger-error-code"))
                .containsExactlyElementsOf(java.util.stream.Stream.concat(
                        hostile.stream().map(h -> "INVALID_FIELD"), trailing.stream().map(t -> "NOT_JSON")).toList());
        await().atMost(PATIENCE).until(() -> historyIds(s).contains(after.get("id").asText()));
        assertThat(historyIds(s)).containsExactly(after.get("id").asText());
        assertThat(componentStatus(stack.ledgerUrl(), "ingest")).isEqualTo("UP");
    }

    @Test
    void aRecordThatFailsInTheDatabaseIsDeadLetteredUnprocessableAndTheRestOfItsPollIsRecorded() {
        refuseIds();
        String s = "s-" + UUID.randomUUID();
        ObjectNode before = Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"));
        ObjectNode poison = Events.collected("alpha", s, "2026-02-01T10:00:00Z", "c-1", List.of("user.contact.email"));
        poison.put("id", refused("22000"));
        ObjectNode after = Events.collected("alpha", s, "2026-02-01T11:00:00Z", "c-1", List.of("user.location"));
        TestStack.produce(s, bytes(before), bytes(poison), bytes(after));

        ConsumerRecord<byte[], byte[]> letter = TestStack.deadLettersFor(s, 1).get(0);
        assertThat(letter.value()).isEqualTo(bytes(poison));
        assertThat(TestStack.header(letter, "ledger-error-code")).isEqualTo("UNPROCESSABLE");
        assertThat(TestStack.header(letter, "ledger-error-detail")).contains("22000");
        await().atMost(PATIENCE).until(() -> historyIds(s).size() == 2);
        assertThat(historyIds(s)).containsExactly(before.get("id").asText(), after.get("id").asText());
        assertThat(componentStatus(stack.ledgerUrl(), "ingest")).isEqualTo("UP");

        TestStack.Response overHttp = TestStack.post(stack.ledgerUrl() + "/api/v1/events", "application/cloudevents+json",
                poison.put("id", refused("22000")).toString());
        assertThat(overHttp.status()).isEqualTo(422);
        assertThat(overHttp.body().get("code").asText()).isEqualTo("UNPROCESSABLE");
        assertThat(overHttp.body().toString()).doesNotContain("insert into").doesNotContain("at org.");
    }

    @Test
    void ingestionThatKeepsFailingTurnsHealthDownAndRecordsEverythingOnceTheDatabaseRecovers() {
        refuseIds();
        String s = "s-" + UUID.randomUUID();
        ObjectNode stuck = Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"));
        stuck.put("id", refused("53000"));
        TestStack.produce(s, bytes(stuck));

        await().atMost(PATIENCE).until(() -> "DOWN".equals(componentStatus(stack.ledgerUrl(), "ingest")));
        JsonNode ingest = TestStack.get(stack.ledgerUrl() + "/actuator/health").body().get("components").get("ingest");
        assertThat(ingest.get("details").get("lastFailure").asText()).contains("53000");
        assertThat(TestStack.getRaw(stack.ledgerUrl() + "/actuator/prometheus").text())
                .containsPattern("ledger_ingest_consecutive_failures [3-9]");

        dropTriggers();
        await().atMost(PATIENCE).until(() -> historyIds(s).size() == 1);
        assertThat(historyIds(s)).containsExactly(stuck.get("id").asText());
        await().atMost(PATIENCE).until(() -> "UP".equals(componentStatus(stack.ledgerUrl(), "ingest")));
    }

    @Test
    void hostileInputOverHttpIsAnsweredWithA4xxProblemNeverA5xx() {
        String s = "s-" + UUID.randomUUID();
        String url = stack.ledgerUrl() + "/api/v1/events";
        String valid = Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name")).toString();
        for (String[] input : new String[][] {
                {valid.replace("\"subject\":\"" + s, "\"subject\":\"x\\u0000"), "INVALID_FIELD"},
                {valid.replace("\"subject\":\"" + s, "\"subject\":\"x\\ud800z"), "INVALID_FIELD"},
                {valid.replace("\"subject\":\"" + s, "\"subject\":\"a/b"), "INVALID_FIELD"},
                {valid.replace("2026-02-01T09:00:00Z", "0000-01-01T00:00:00Z"), "INVALID_FIELD"},
                {valid + "}", "NOT_JSON"},
                {valid + valid, "NOT_JSON"},
                {"", "NOT_JSON"}}) {
            TestStack.Response answer = TestStack.call("POST", url, TestStack.app("alpha").token(),
                    "application/cloudevents+json", input[0]);
            assertThat(answer.status()).as(input[0]).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().get("code").asText()).as(input[0]).isEqualTo(input[1]);
        }
        for (String query : List.of("/api/v1/subjects/s-1/holdings?asOf=0000-01-01T00:00:00Z",
                "/api/v1/subjects/s-1/consents?asOf=%2B999999999-12-31T23:59:59Z",
                "/api/v1/audit/violations?subject=x%00y", "/api/v1/audit/violations?from=0001-01-01T00:00:00%2B14:00",
                "/api/v1/apps/a%00b/holdings", "/api/v1/subjects/x%00y/history")) {
            TestStack.RawResponse answer = TestStack.getRaw(stack.queryUrl() + query);
            assertThat(answer.status()).as(query).isBetween(400, 499);
            assertThat(answer.text()).as(query).doesNotContain("at org.").doesNotContain("select ");
        }
    }

    /**
     * Events an older ledger accepted that the views cannot store (a time in year 0, a NUL in a
     * consent id) are parked in the views' dead-letter queue on the batch's retry; other subjects'
     * events of the same batch, and later ones, are projected.
     */
    @Test
    void anEventTheViewsCannotStoreIsParkedAndEveryOtherSubjectGoesOn() {
        String template = "s-" + UUID.randomUUID();
        ObjectNode collected = Events.collected("alpha", template, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"));
        TestStack.produce(template, bytes(collected));
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, template).size() == 1);
        String payload = TestStack.storedPayload(stack, template, "DataCollectedEvent");

        String yearZero = "views-poison-" + UUID.randomUUID();
        String nul = "views-poison-" + UUID.randomUUID();
        String id = collected.get("id").asText();
        String yearZeroRecord = store(yearZero, payload.replace(template, yearZero).replace(id, UUID.randomUUID().toString())
                .replace("2026-02-01T09:00:00Z", "0000-01-01T00:00:00Z"));
        String nulRecord = store(nul, payload.replace(template, nul).replace(id, UUID.randomUUID().toString())
                .replace("\"c-1\"", "\"c\\u0000\""));
        String healthy = "s-" + UUID.randomUUID();
        TestStack.produce(healthy, bytes(Events.collected("alpha", healthy, "2026-02-01T09:00:00Z", "c-1",
                List.of("user.name"))));

        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, healthy).size() == 1
                && parked().containsAll(List.of(yearZeroRecord, nulRecord)));
        assertThat(TestStack.holdings(stack, yearZero)).isEmpty();
        assertThat(TestStack.holdings(stack, nul)).isEmpty();
        JsonNode letter = StreamSupport.stream(letters().spliterator(), false)
                .filter(l -> yearZeroRecord.equals(l.path("sequence").asText())).findFirst().orElseThrow();
        assertThat(letter.get("causeMessage").asText()).contains("cannot store").containsPattern(" 22[0-9A-Z]{3} ");
        await().atMost(PATIENCE).until(() -> "UP".equals(componentStatus(stack.queryUrl(), "projections")));

        for (String poisoned : List.of(yearZeroRecord, nulRecord)) {
            TestStack.delete(stack.queryUrl() + "/api/v1/admin/dead-letters/views/" + poisoned);
        }
    }

    @Test
    void viewsThatKeepFailingTurnHealthDownAndCatchUpOnceTheDatabaseRecovers() {
        db.execute("""
                create or replace function test_stall() returns trigger language plpgsql as $$
                begin
                    raise exception 'the database is out of resources (test)' using errcode = '53000';
                end $$""");
        db.execute("create trigger test_stall before insert on query.holding for each row execute function test_stall()");
        String s = "s-" + UUID.randomUUID();
        TestStack.produce(s, bytes(Events.collected("alpha", s, "2026-02-01T09:00:00Z", "c-1", List.of("user.name"))));

        await().atMost(PATIENCE).until(() -> "DOWN".equals(componentStatus(stack.queryUrl(), "projections")));
        JsonNode projections = TestStack.get(stack.queryUrl() + "/actuator/health").body().get("components")
                .get("projections");
        assertThat(projections.get("details").get("lastBatchFailure").asText()).contains("53000");
        assertThat(TestStack.getRaw(stack.queryUrl() + "/actuator/prometheus").text())
                .containsPattern("ledger_projection_consecutive_failures [1-9]");

        dropTriggers();
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, s).size() == 1);
        await().atMost(PATIENCE).until(() -> "UP".equals(componentStatus(stack.queryUrl(), "projections")));
        assertThat(parked()).as("a database outage parks nothing").doesNotContain(s);
    }

    private static String store(String subject, String payload) {
        return TestStack.storeSealed(stack, subject, "org.consentledger.contracts.dataflow.DataCollectedEvent", payload);
    }

    private static List<String> historyIds(String subject) {
        JsonNode entries = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/history").body().get("entries");
        return StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("eventId").asText()).toList();
    }

    private static JsonNode letters() {
        return TestStack.get(stack.queryUrl() + "/api/v1/admin/dead-letters").body().get("deadLetters");
    }

    private static List<String> parked() {
        return StreamSupport.stream(letters().spliterator(), false).map(l -> l.path("sequence").asText()).toList();
    }

    private static String componentStatus(String serviceUrl, String component) {
        JsonNode health = TestStack.get(serviceUrl + "/actuator/health").body();
        return health.path("components").path(component).path("status").asText();
    }
}
