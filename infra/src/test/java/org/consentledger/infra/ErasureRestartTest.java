package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.junit.jupiter.api.Test;

/**
 * An erasure answered with 202 completes even if the stack is killed right after it (the read side
 * deletes the person's rows after the restart), and stays complete through a rebuild: no column of
 * any table and no log file of the stack holds the person's id (Kafka keeps the raw message for the
 * topic's retention, as the README says).
 */
class ErasureRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final DevStack.Settings settings = TestStack.settings(TestStack.temporaryDirectory());
    private final String ledgerUrl = "http://localhost:" + settings.ledgerPort();
    private final String queryUrl = "http://localhost:" + settings.queryPort();
    private final String dbUrl = TestStack.dbUrl(settings);

    @Test
    void anErasureCutShortByKill9CompletesAfterTheRestartAndARebuildKeepsItSo() throws Exception {
        String forgotten = "erase-me-" + UUID.randomUUID();
        Process first = launch("first.log");
        try {
            report(Events.collected("weconnect", forgotten, "2026-03-01T09:00:00Z", "c-none", List.of("user.name")));
            await().atMost(PATIENCE).until(() -> !TestStack.columnsHolding(dbUrl, forgotten).isEmpty()
                    && status("GET", queryUrl + "/api/v1/subjects/" + forgotten + "/holdings", "auditor") == 200);

            assertThat(status("POST", ledgerUrl + "/api/v1/subjects/" + forgotten + "/erasure", "admin")).isEqualTo(202);
        } finally {
            ChildJvm.kill9(first);
        }

        Process second = launch("second.log");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TestStack.columnsHolding(dbUrl, forgotten)).isEmpty());
            assertThat(status("GET", queryUrl + "/api/v1/subjects/" + forgotten + "/holdings", "auditor")).isEqualTo(410);

            assertThat(status("POST", queryUrl + "/api/v1/admin/projections/views/rebuild", "admin")).isEqualTo(202);
            await().atMost(PATIENCE).until(this::viewsCaughtUp);
            assertThat(TestStack.columnsHolding(dbUrl, forgotten)).isEmpty();
            assertThat(status("GET", queryUrl + "/api/v1/subjects/" + forgotten + "/holdings", "auditor")).isEqualTo(410);
        } finally {
            ChildJvm.stop(second);
        }
        try (Stream<Path> files = Files.walk(settings.dataDir())) {
            // Kafka's own segment files end in .log too: the raw messages, kept for the topics' retention
            List<Path> logs = files.filter(f -> f.toString().endsWith(".log") && Files.isRegularFile(f)
                    && !f.startsWith(settings.dataDir().resolve("kafka"))).toList();
            assertThat(logs).isNotEmpty();
            for (Path log : logs) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(forgotten);
            }
        }
    }

    private Process launch(String logName) {
        return ChildJvm.startAsUser(settings.dataDir().resolve(logName), ChildJvm.stackEnvironment(settings),
                "Consent Ledger is running", Launcher.class.getName(), "--demo");
    }

    private void report(com.fasterxml.jackson.databind.node.ObjectNode event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestStack.producerConfig(ChildJvm.kafkaAdmin(settings)), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(AppTopics.ingest("weconnect"), event.get("subject").asText(), event.toString()));
        }
    }

    private int status(String method, String url, String role) {
        return ChildJvm.client(settings, role).call(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())).statusCode();
    }

    private boolean viewsCaughtUp() {
        var views = ChildJvm.client(settings, "admin").get(queryUrl + "/api/v1/admin/projections").get("projections").get(0);
        return views.get("position").asLong() == views.get("head").asLong();
    }
}
