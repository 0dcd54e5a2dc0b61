package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.consentledger.contracts.access.Access;
import org.consentledger.ledger.ingest.kafka.DeadLetterPublisher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who looked at a person's record: every read of the person's data by someone else is recorded in the
 * read side before it is answered, then in the person's record, sealed, in the tamper-evident log, and
 * listed to the person newest first; the person's own reads are not; a read that cannot be recorded is
 * not answered, and a broker that is away delays the accesses, not the reads.
 */
class AccessLogTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DevStack stack;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void registerApp() {
        stack = TestStack.shared();
        jdbc = TestStack.jdbc(stack.dbUrl());
        TestStack.registerApp(stack, "alpha", "Alpha", "DE");
    }

    @Test
    void anAuditorsReadsAreRecordedWithTheirPurposeAndShownToThePersonNewestFirst() {
        String subject = reported("looked-at-");
        String own = ownToken(subject);
        await().atMost(PATIENCE).until(() -> read(subject, "holdings", own, null).body().get("holdings").size() == 1);

        assertThat(read(subject, "holdings", TestStack.auditor().token(), "case 2026-114").status()).isEqualTo(200);
        assertThat(read(subject, "consents", TestStack.auditor().token(), null).status()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> read(subject, "accesses", own, null).body().get("accesses").size() == 2);
        JsonNode accesses = read(subject, "accesses", own, null).body().get("accesses");
        JsonNode newest = accesses.get(0);
        JsonNode first = accesses.get(1);
        assertThat(newest.get("endpoint").asText()).isEqualTo("/api/v1/subjects/" + subject + "/consents");
        assertThat(newest.path("purpose").isMissingNode() || newest.get("purpose").isNull()).isTrue();
        assertThat(first.get("endpoint").asText()).isEqualTo("/api/v1/subjects/" + subject + "/holdings");
        assertThat(first.get("purpose").asText()).isEqualTo("case 2026-114");
        assertThat(first.get("role").asText()).isEqualTo("auditor");
        assertThat(first.get("accessor").asText()).isEqualTo(sub(TestStack.auditor().token()));
        assertThat(Duration.between(java.time.Instant.parse(first.get("at").asText()), java.time.Instant.now()))
                .isLessThan(Duration.ofMinutes(1));

        String record = TestStack.recordOf(stack, subject);
        assertThat(accessEvents(record)).as("the person's own reads are recorded nowhere").isEqualTo(2);
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from log_leaf l join domain_event_entry e"
                + " on e.global_index = l.global_index where e.aggregate_identifier = ? and e.payload_type like ?",
                Long.class, record, "%SubjectRecordAccessedEvent") == 2);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and (convert_from(payload, 'UTF8') like '%case 2026-114%' or convert_from(payload, 'UTF8') like ?)",
                Long.class, record, "%" + subject + "%")).as("stored sealed").isZero();
        assertThat(read(subject, "history", own, null).body().get("entries")).as("not an integration event").hasSize(2);
    }

    /** Every subject endpoint records one access; an app's holdings page and the violations one per subject they name. */
    @Test
    void eachEndpointRecordsOneAccessPerSubjectItNamesWithTheReadersRole() {
        String app = "reader-" + UUID.randomUUID().toString().substring(0, 8);
        TestStack.registerApp(stack, app, "Reader", "DE");
        String a = flagged(app, "listed-a-");
        String b = flagged(app, "listed-b-");
        String auditor = TestStack.auditor().token();
        for (String endpoint : List.of("lineage", "history", "report", "accesses")) {
            assertThat(read(a, endpoint, auditor, endpoint + " check").status()).as(endpoint).isEqualTo(200);
        }
        assertThat(TestStack.call("GET", stack.queryUrl() + "/api/v1/apps/" + app + "/holdings", TestStack.app(app).token(),
                null, null).body().get("holdings")).hasSize(2);
        assertThat(TestStack.call("GET", stack.queryUrl() + "/api/v1/audit/violations?app=" + app, auditor, null, null)
                .body().get("violations")).hasSize(2);

        String own = ownToken(a);
        await().atMost(PATIENCE).until(() -> read(a, "accesses", own, null).body().get("accesses").size() == 6);
        JsonNode ofA = read(a, "accesses", own, null).body().get("accesses");
        assertThat(ofA.get(0).get("endpoint").asText()).isEqualTo("/api/v1/audit/violations");
        assertThat(ofA.get(0).get("role").asText()).isEqualTo("auditor");
        assertThat(ofA.get(1).get("endpoint").asText()).isEqualTo("/api/v1/apps/" + app + "/holdings");
        assertThat(ofA.get(1).get("role").asText()).isEqualTo("app");
        assertThat(ofA.get(1).get("accessor").asText()).isEqualTo(app);
        assertThat(ofA.get(2).get("purpose").asText()).isEqualTo("accesses check");
        assertThat(ofA.get(5).get("endpoint").asText()).isEqualTo("/api/v1/subjects/" + a + "/lineage");
        String ownB = ownToken(b);
        await().atMost(PATIENCE).until(() -> read(b, "accesses", ownB, null).body().get("accesses").size() == 2);
    }

    @Test
    void thePersonsReportSaysWhoLookedInEnglishAndGerman() throws Exception {
        String subject = reported("report-");
        String own = ownToken(subject);
        assertThat(read(subject, "holdings", TestStack.auditor().token(), "case 7").status()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> read(subject, "accesses", own, null).body().get("accesses").size() == 1);

        assertThat(read(subject, "report", own, null).body().get("accesses").get(0).get("purpose").asText()).isEqualTo("case 7");
        String english = page(subject, own, "en");
        assertThat(english).contains("Who looked at your record", "who holds your data", "case 7");
        String german = page(subject, own, "de");
        assertThat(german).contains("Wer Ihre Daten eingesehen hat", "wer Ihre Daten hat", "case 7")
                .doesNotContain("Who looked at your record", "who holds your data");
    }

    /** However often a person's record is read, the report lists the latest 100 reads and counts them all. */
    @Test
    void theReportListsTheLatestHundredReadsAndCountsThemAll() throws Exception {
        String subject = reported("read-often-");
        String own = ownToken(subject);
        for (int i = 0; i < 101; i++) {
            assertThat(read(subject, "consents", TestStack.auditor().token(), "read " + i).status()).isEqualTo(200);
        }
        await().atMost(PATIENCE).until(() -> read(subject, "accesses", own, null).body().get("accesses").size() == 101);

        JsonNode report = read(subject, "report", own, null).body();
        assertThat(report.get("accessCount").asLong()).isEqualTo(101);
        assertThat(report.get("accesses")).hasSize(100);
        assertThat(report.get("accesses").get(0).get("purpose").asText()).isEqualTo("read 100");
        assertThat(page(subject, own, "en")).contains("The latest 100 of 101 reads are listed here");
    }

    private static String page(String subject, String token, String language) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + "/api/v1/subjects/" + subject
                        + "/report?format=html&lang=" + language)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /** A subject reported by {@code app} with a collection no consent covers, once its violation is visible to the subject. */
    private static String flagged(String app, String prefix) {
        String subject = prefix + UUID.randomUUID();
        TestStack.produce(subject, bytes(Events.collected(app, subject, "2026-03-01T10:00:00Z", "c-none",
                List.of("user.contact.email"))));
        String own = ownTokenOnceReported(subject);
        await().atMost(PATIENCE).until(() -> read(subject, "history", own, null).body().path("entries").path(0)
                .path("violations").size() > 0);
        return subject;
    }

    private static String ownTokenOnceReported(String subject) {
        await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 1);
        return ownToken(subject);
    }

    @Test
    void aPurposeLongerThan200CharactersOrWithAControlCharacterIsRefused() {
        String subject = reported("purpose-");
        for (String purpose : List.of("x".repeat(201), "case\t42")) {
            TestStack.Response refused = read(subject, "holdings", TestStack.auditor().token(), purpose);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body().get("code").asText()).isEqualTo("INVALID_PURPOSE");
        }
        assertThat(read(subject, "holdings", TestStack.auditor().token(), "x".repeat(200)).status()).isEqualTo(200);
        JsonNode holdings = TestStack.call("GET", stack.queryUrl() + "/v3/api-docs", null, null, null).body()
                .get("paths").get("/api/v1/subjects/{subject}/holdings").get("get");
        assertThat(holdings.get("parameters").findValuesAsText("name")).as("documented").contains("Ledger-Access-Purpose");
    }

    /**
     * No read without a trace: while the read side cannot record accesses, every endpoint that answers
     * a person's data answers 503 and nothing of that data.
     */
    @Test
    void withoutAPlaceToRecordItEveryReadAnswers503AndNothingOfTheSubject() {
        String app = "unrecorded-" + UUID.randomUUID().toString().substring(0, 8);
        TestStack.registerApp(stack, app, "Unrecorded", "DE");
        String subject = flagged(app, "unrecorded-");
        String auditor = TestStack.auditor().token();
        String subjectUrl = stack.queryUrl() + "/api/v1/subjects/" + subject;
        Map<String, String> reads = new LinkedHashMap<>();
        for (String endpoint : List.of("holdings", "holdings/summary", "consents", "lineage", "history", "accesses",
                "report?format=json", "report?format=html", "report?format=pdf")) {
            reads.put(subjectUrl + "/" + endpoint, auditor);
        }
        reads.put(stack.queryUrl() + "/api/v1/apps/" + app + "/holdings", TestStack.app(app).token());
        reads.put(stack.queryUrl() + "/api/v1/audit/violations?app=" + app, auditor);
        jdbc.execute("alter table query.access_outbox add constraint nothing_recorded check (false) not valid");
        try {
            reads.forEach((url, token) -> {
                TestStack.Response refused = TestStack.call("GET", url, token, null, null);
                assertThat(refused.status()).as(url).isEqualTo(503);
                assertThat(refused.contentType()).as(url).startsWith("application/problem+json");
                assertThat(refused.body().get("code").asText()).as(url).isEqualTo("ACCESS_NOT_RECORDED");
                assertThat(refused.body().fieldNames()).toIterable().as(url)
                        .containsOnly("type", "title", "status", "detail", "instance", "code");
            });
        } finally {
            jdbc.execute("alter table query.access_outbox drop constraint nothing_recorded");
        }
        assertThat(TestStack.call("GET", subjectUrl + "/holdings", auditor, null, null).status()).isEqualTo(200);
    }

    /**
     * A broker that is away delays the accesses, not the reads: they wait in the read side's outbox and
     * reach the person's record once the read side may write the topic again.
     */
    @Test
    void whileTheBrokerRefusesTheHandOverReadsAreAnsweredAndTheirAccessesFollowLater() throws Exception {
        String subject = reported("delayed-");
        String own = ownToken(subject);
        String record = TestStack.recordOf(stack, subject);
        AclBinding write = new AclBinding(new ResourcePattern(ResourceType.TOPIC, Access.TOPIC, PatternType.LITERAL),
                new AccessControlEntry("User:_read-side", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(stack.kafkaAdminConfig())) {
            admin.deleteAcls(List.of(write.toFilter())).all().get();
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(read(subject, "consents", TestStack.auditor().token(), "while away " + i).status())
                            .isEqualTo(200);
                }
                await().pollDelay(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> jdbc.queryForObject(
                        "select count(*) from query.access_outbox where subject = ?", Long.class, subject) == 3);
                assertThat(accessEvents(record)).as("not yet in the record").isZero();
            } finally {
                admin.createAcls(List.of(write)).all().get();
            }
        }
        await().atMost(PATIENCE).until(() -> read(subject, "accesses", own, null).body().get("accesses").size() == 3);
        assertThat(accessEvents(record)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from query.access_outbox where subject = ?", Long.class, subject))
                .isZero();
    }

    /** The ledger starts no record for an access to a subject it does not know (or forgot), and dead-letters what it cannot read. */
    @Test
    void anAccessToAnUnknownSubjectStartsNoRecordAndAnUnreadableOneIsDeadLettered() throws Exception {
        String known = reported("known-");
        String unknown = "never-reported-" + UUID.randomUUID();
        String key = "one-partition-" + UUID.randomUUID();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
                TestStack.producerConfig(stack.kafkaAdminConfig()), new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Access.TOPIC, key, "{not an access")).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Access.TOPIC, key, access(unknown))).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Access.TOPIC, key, access(known))).get();
        }
        String record = TestStack.recordOf(stack, known);
        await().atMost(PATIENCE).until(() -> accessEvents(record) == 1);
        assertThat(TestStack.subjectKeys(stack).recordOf(unknown)).isEmpty();
        ConsumerRecord<byte[], byte[]> letter = TestStack.keyedOn(Pattern.compile(Pattern.quote(Access.DEAD_LETTERS)), key, 1).get(0);
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not an access");
        assertThat(TestStack.header(letter, DeadLetterPublisher.ERROR_CODE)).isEqualTo("INVALID_FIELD");
    }

    private static String access(String subject) {
        return "{\"accessId\":\"" + UUID.randomUUID() + "\",\"subject\":\"" + subject + "\",\"at\":\"2026-12-07T10:00:00Z\","
                + "\"role\":\"auditor\",\"accessor\":\"someone\",\"endpoint\":\"/api/v1/subjects/" + subject + "/holdings\"}";
    }

    private static long accessEvents(String record) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like ?", Long.class, record, "%SubjectRecordAccessedEvent");
    }

    private static String reported(String prefix) {
        String subject = prefix + UUID.randomUUID();
        TestStack.reportConsentAndCollection(subject);
        await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 2);
        return subject;
    }

    private static String ownToken(String subject) {
        return TestStack.post(stack.ledgerUrl() + "/api/v1/subjects/" + subject + "/access-tokens", "application/json", "")
                .body().get("token").asText();
    }

    /** The token's {@code sub} claim. */
    private static String sub(String token) {
        try {
            return TestStack.JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sub").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestStack.Response read(String subject, String endpoint, String token, String purpose) {
        String url = stack.queryUrl() + "/api/v1/subjects/" + subject + "/" + endpoint;
        return purpose == null ? TestStack.call("GET", url, token, null, null)
                : TestStack.call("GET", url, token, null, null, "Ledger-Access-Purpose", purpose);
    }
}
