package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;
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

            receipt = receipt(forgotten);
            assertThat(status("POST", ledgerUrl + "/api/v1/subjects/" + forgotten + "/erasure", "admin")).isEqualTo(202);
        } finally {
            ChildJvm.kill9(first);
        }

        Process second = launch("second.log");
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TestStack.columnsHolding(dbUrl, forgotten)).isEmpty());
            assertThat(status("GET", queryUrl + "/api/v1/subjects/" + forgotten + "/holdings", "auditor")).isEqualTo(410);
            stillVerifies(receipt);

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

    private Receipt receipt;

    /** What a person keeps of one event: its leaf, its place, and the signed checkpoint that holds it. */
    private record Receipt(String key, String note, long leafIndex, byte[] leaf) {
    }

    /** The receipt of the subject's first event, once a signed checkpoint holds it. */
    private Receipt receipt(String subject) {
        String record = TestStack.subjectKeys(dbUrl, settings.dataDir()).recordOf(subject).orElseThrow();
        String eventId = TestStack.jdbc(dbUrl).queryForObject("select event_identifier from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0", String.class, record);
        String key = text("/api/v1/log/key").trim();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestStack.jdbc(dbUrl).queryForObject(
                "select count(*) from log_leaf where event_identifier = ? and leaf_index < (select max(tree_size) from log_checkpoint)",
                Long.class, eventId) == 1);
        String note = text("/api/v1/log/checkpoint");
        long index = TestStack.jdbc(dbUrl).queryForObject("select leaf_index from log_leaf where event_identifier = ?", Long.class, eventId);
        JsonNode leaves = ChildJvm.client(settings, "auditor").get(ledgerUrl + "/api/v1/log/leaves?start=" + index + "&end=" + (index + 1));
        return new Receipt(key, note, index, Base64.getDecoder().decode(leaves.get("leaves").get(0).get("leaf").asText()));
    }

    /**
     * After the restart and the erasure: the log has the same key, its new checkpoint extends the one
     * of the receipt, and the forgotten person's leaf is unchanged and proven in it.
     */
    private void stillVerifies(Receipt receipt) {
        assertThat(text("/api/v1/log/key").trim()).isEqualTo(receipt.key());
        SignedNote.Verifier key = SignedNote.Verifier.parse(receipt.key());
        Checkpoint before = Checkpoint.parse(key.verify(receipt.note()));
        await().atMost(Duration.ofSeconds(10)).until(() -> Checkpoint.parse(key.verify(text("/api/v1/log/checkpoint"))).size() > before.size());
        Checkpoint after = Checkpoint.parse(key.verify(text("/api/v1/log/checkpoint")));
        JsonNode consistency = json(text("/api/v1/log/proof/consistency?from=" + before.size() + "&to=" + after.size()));
        assertThat(Merkle.verifyConsistency(before.size(), after.size(), before.root(), after.root(), hashes(consistency))).isTrue();
        byte[] leafHash = Merkle.leafHash(receipt.leaf());
        JsonNode inBefore = json(text("/api/v1/log/proof/inclusion?leafIndex=" + receipt.leafIndex() + "&treeSize=" + before.size()));
        JsonNode inAfter = json(text("/api/v1/log/proof/inclusion?leafIndex=" + receipt.leafIndex() + "&treeSize=" + after.size()));
        assertThat(Merkle.verifyInclusion(receipt.leafIndex(), before.size(), leafHash, hashes(inBefore), before.root())).isTrue();
        assertThat(Merkle.verifyInclusion(receipt.leafIndex(), after.size(), leafHash, hashes(inAfter), after.root())).isTrue();
        JsonNode leaves = ChildJvm.client(settings, "auditor").get(ledgerUrl + "/api/v1/log/leaves?start="
                + receipt.leafIndex() + "&end=" + (receipt.leafIndex() + 1));
        assertThat(Base64.getDecoder().decode(leaves.get("leaves").get(0).get("leaf").asText())).isEqualTo(receipt.leaf());
    }

    private static List<byte[]> hashes(JsonNode proof) {
        List<byte[]> hashes = new java.util.ArrayList<>();
        proof.get("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        return hashes;
    }

    /** A public answer of the log, fetched without a token. */
    private String text(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ledgerUrl + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return TestStack.JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
