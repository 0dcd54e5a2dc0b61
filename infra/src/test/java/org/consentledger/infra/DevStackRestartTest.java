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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.ingest.AppTopics;
import org.consentledger.ledger.subject.DataSubject;
import org.junit.jupiter.api.Test;

/**
 * The launcher as a user runs it, in its own process: started with {@code --demo}, killed with
 * {@code kill -9} (which leaves embedded PostgreSQL orphaned), started again on the same data
 * directory. The ledger answers as before, and the replayed demo story is recorded once. The ledger
 * snapshots the demo subject every few events, so after the restart it is loaded from a snapshot.
 */
class DevStackRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final DevStack.Settings settings = TestStack.settings(TestStack.temporaryDirectory());
    private final String queryUrl = "http://localhost:" + settings.queryPort();

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
            await().atMost(PATIENCE).until(() -> snapshots().contains(DataSubject.class.getName() + " 1"));
        } finally {
            ChildJvm.kill9(first);
        }

        Process second = launch("second.log");
        try {
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
            assertThat(Files.readString(settings.dataDir().resolve("second.log")))
                    .as("the subject was loaded from its snapshot, not from all its events instead")
                    .contains(DemoStory.SUBJECT + " is read from its snapshot")
                    .doesNotContain("Error reading snapshot");
        } finally {
            ChildJvm.stop(second);
        }
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
        return ChildJvm.start(settings.dataDir().resolve(logName), environment,
                "Consent Ledger is running", DevStack.class.getName(), "--demo");
    }

    /** The demo subject's stored snapshots, as "type revision". */
    private List<String> snapshots() {
        return TestStack.jdbc(TestStack.dbUrl(settings)).queryForList(
                "select payload_type || ' ' || payload_revision from snapshot_event_entry where aggregate_identifier = ?",
                String.class, DemoStory.SUBJECT);
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
