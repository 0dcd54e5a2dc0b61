package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.ledger.subject.SubjectSnapshot;
import org.junit.jupiter.api.Test;

/**
 * The launcher as a user runs it, in its own process and with its own logging: started with
 * {@code --demo}, killed with {@code kill -9} (which leaves embedded PostgreSQL orphaned), started
 * again on the same data directory, stopped as by Ctrl-C. The ledger answers as before, the replayed
 * demo story records nothing, the credentials stay, the console shows no framework noise and the
 * stop no warning. The ledger snapshots the demo subject every few events, so after the restart it is
 * loaded from a snapshot.
 */
class DevStackRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final DevStack.Settings settings = TestStack.settings(TestStack.temporaryDirectory());
    private final String queryUrl = "http://localhost:" + settings.queryPort();

    /** What a console line of a quiet stack never shows: framework warnings, banners, stack traces. */
    private static final Pattern NOISE = Pattern.compile(
            "WARN|ERROR|Exception|\\tat |Spring Boot ::|Commons Logging|Timed out|Started \\w+ in");

    @Test
    void afterKill9TheStackContinuesWhereItStoppedAndTheDemoIsRecordedOnce() throws Exception {
        Process first = launch("first.log");
        JsonNode before;
        try {
            // the whole story recorded (reports wait briefly to be taken in the order they were sent) and projected
            await().atMost(PATIENCE).until(() -> recordedMessages() == new DemoStory(null).events().size());
            await().atMost(PATIENCE).until(this::viewsCaughtUp);
            before = holdings();
            assertThat(before.findValuesAsText("holder")).contains("adnet");
            assertThat(before.findValuesAsText("status")).contains("erased");
            await().atMost(PATIENCE).until(() -> snapshots().contains(SubjectSnapshot.class.getName() + " "
                    + SubjectSnapshot.REVISION));
            await().atMost(PATIENCE).until(() -> !accesses().isEmpty());
        } finally {
            ChildJvm.kill9(first);
        }
        List<String> accessesBefore = accesses();
        assertThat(Files.readAllLines(settings.dataDir().resolve("first.log")))
                .as("the console of a start shows the stack's own lines only").noneMatch(line -> NOISE.matcher(line).find())
                .contains("Consent Ledger is running. Ctrl-C stops everything.");
        JsonNode credentials = ChildJvm.credentials(settings);
        assertThat(credentials.get("apps").fieldNames()).toIterable().containsExactlyInAnyOrder("weconnect", "foodgo",
                "docbook", "adnet");
        long registrations = appRegistrations();

        Process second = launch("second.log");
        try {
            assertThat(ChildJvm.credentials(settings)).as("the same credentials after a restart").isEqualTo(credentials);
            assertThat(holdings()).isEqualTo(before);
            // A new event after the replayed story: once it shows, every replayed event before it was handled.
            String sentinel = Events.collected("docbook", DemoStory.SUBJECT, "2026-06-15T00:00:00Z", "c-docbook-1",
                    List.of("user.contact.phone")).toString();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    TestStack.producerConfig(ChildJvm.kafkaAdmin(settings)), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(AppTopics.ingest("docbook"), DemoStory.SUBJECT, sentinel));
            }
            await().atMost(PATIENCE).until(() -> holdings().size() == before.size() + 1);
            assertThat(holdings().findValuesAsText("category").stream().filter("user.contact.addressbook"::equals))
                    .as("the replayed collection is not doubled").hasSize(1);
            assertThat(appRegistrations()).as("the demo played again registers nothing").isEqualTo(registrations);
            assertThat(accesses()).as("the auditor's reads before the kill -9, still listed").containsAll(accessesBefore);
            assertThat(Files.readString(settings.dataDir().resolve("logs").resolve("ledger.log")))
                    .as("the subject was loaded from its snapshot, not from all its events instead")
                    .contains(demoRecord() + " is read from its snapshot")
                    .doesNotContain("Error reading snapshot");
        } finally {
            ChildJvm.stop(second);
        }
        List<String> stop = Files.readAllLines(settings.dataDir().resolve("second.log")).stream()
                .dropWhile(line -> !line.equals("Stopping Consent Ledger ...")).toList();
        assertThat(stop).as("a stop that says so and nothing else").containsExactly("Stopping Consent Ledger ...", "Stopped.");
        assertThat(Files.exists(settings.dataDir().resolve("postgres").resolve("postmaster.pid")))
                .as("Ctrl-C (SIGTERM) stops PostgreSQL too").isFalse();
    }

    /**
     * Starts {@code DevStack --demo} in a new JVM, snapshotting every 4 events and logging each
     * subject read from a snapshot, and waits until it says it is running.
     */
    private Process launch(String logName) {
        Map<String, String> environment = new HashMap<>(ChildJvm.stackEnvironment(settings));
        environment.put("LEDGER_SNAPSHOT_AFTER", "4");
        environment.put("LOGGING_LEVEL_ORG_CONSENTLEDGER_LEDGER_PLATFORM", "DEBUG");
        return ChildJvm.startAsUser(settings.dataDir().resolve(logName), environment, "Consent Ledger is running",
                Launcher.class.getName(), "--demo");
    }

    /** The reads of the demo person's data by others (this test's auditor) the views list. */
    private List<String> accesses() {
        return TestStack.jdbc(TestStack.dbUrl(settings)).queryForList(
                "select access_id from query.subject_access where subject = ?", String.class, DemoStory.SUBJECT);
    }

    private long appRegistrations() {
        return TestStack.jdbc(TestStack.dbUrl(settings)).queryForObject(
                "select count(*) from domain_event_entry where payload_type = ?", Long.class,
                AppRegisteredEvent.class.getName());
    }

    /** The demo subject's stored snapshots, as "type revision". */
    private List<String> snapshots() {
        return TestStack.jdbc(TestStack.dbUrl(settings)).queryForList(
                "select payload_type || ' ' || payload_revision from snapshot_event_entry where aggregate_identifier = ?",
                String.class, demoRecord());
    }

    /** The record the ledger keeps the demo person's events under. */
    private String demoRecord() {
        return TestStack.subjectKeys(TestStack.dbUrl(settings), settings.dataDir()).recordOf(DemoStory.SUBJECT).orElseThrow();
    }

    private long recordedMessages() {
        return TestStack.jdbc(TestStack.dbUrl(settings)).queryForObject("select count(*) from ingested_message", Long.class);
    }

    private boolean viewsCaughtUp() {
        JsonNode views = ChildJvm.client(settings, "admin").get(queryUrl + "/api/v1/admin/projections").get("projections").get(0);
        return views.get("position").asLong() == views.get("head").asLong();
    }

    private JsonNode holdings() {
        return ChildJvm.client(settings, "auditor").get(queryUrl + "/api/v1/subjects/" + DemoStory.SUBJECT
                + "/holdings?asOf=2026-06-30T00:00:00Z").get("holdings");
    }
}
