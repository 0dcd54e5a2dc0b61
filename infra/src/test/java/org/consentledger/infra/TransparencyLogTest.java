package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;
import org.consentledger.transparency.verify.LedgerVerify;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tamper-evident log as an auditor sees it from outside: every stored event is one leaf, in a
 * signed checkpoint within 10 s, whose root the leaves served give again (computed here by RFC 9162's
 * recursive definition, not by the ledger's code); proofs verify; a late commit gets a later leaf;
 * changing, deleting or reordering a stored row stops the signing and shows in health, until the row
 * is restored.
 */
class TransparencyLogTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);
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
    void everyStoredEventIsOneLeafOfASignedCheckpointWithinSecondsAndItsLeavesGiveItsRoot() {
        String subject = "log-" + UUID.randomUUID();
        report(subject);
        await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 2);
        long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);

        await().atMost(WITHIN).until(() -> checkpoint().size() >= stored);

        Checkpoint checkpoint = checkpoint();
        List<JsonNode> leaves = leaves(checkpoint.size());
        List<byte[]> hashes = leaves.stream().map(leaf -> leafHash(Base64.getDecoder().decode(leaf.get("leaf").asText()))).toList();
        assertThat(rootOf(hashes)).as("the root of the leaves served").isEqualTo(checkpoint.root());
        Set<String> logged = new HashSet<>();
        for (int i = 0; i < leaves.size(); i++) {
            assertThat(leaves.get(i).get("index").asLong()).isEqualTo(i);
            assertThat(logged.add(leaves.get(i).get("eventId").asText())).as("one leaf per event").isTrue();
        }
        assertThat(logged).as("every stored event of the checkpoint's time is a leaf").containsAll(
                jdbc.queryForList("select event_identifier from domain_event_entry order by global_index limit ?",
                        String.class, stored));

        String eventId = jdbc.queryForObject("select event_identifier from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number desc limit 1", String.class, TestStack.recordOf(stack, subject));
        JsonNode proof = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/inclusion?eventId=" + eventId
                + "&treeSize=" + checkpoint.size()).body();
        int index = proof.get("leafIndex").asInt();
        assertThat(leaves.get(index).get("eventId").asText()).isEqualTo(eventId);
        assertThat(Base64.getDecoder().decode(proof.get("leafHash").asText())).isEqualTo(hashes.get(index));
        assertThat(Merkle.verifyInclusion(index, checkpoint.size(), hashes.get(index), decode(proof.get("hashes")),
                checkpoint.root())).isTrue();
        JsonNode leaf = json(Base64.getDecoder().decode(leaves.get(index).get("leaf").asText()));
        assertThat(leaf.get("aggregate").asText()).isEqualTo(TestStack.recordOf(stack, subject));
        assertThat(leaf.get("payload").get("sealed").asText()).as("the payload as stored: sealed").contains(".");
        assertThat(leaf.toString()).doesNotContain(subject);
    }

    @Test
    void theReportHoldsAReceiptPerConsentThatTheVerifierChecksOfflineAndRefusesOnceChanged() throws Exception {
        String subject = "log-" + UUID.randomUUID();
        report(subject);
        TestStack.produce(subject, bytes(Events.withdrawn("alpha", subject, "2026-03-02T09:00:00Z", "c-1")));
        await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 3);
        await().atMost(PATIENCE).until(() -> TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report")
                .body().get("receipts").size() == 2);
        JsonNode report = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report").body();
        JsonNode granted = report.get("receipts").get(0);
        assertThat(granted.get("type").asText()).isEqualTo("ConsentGiven");
        assertThat(granted.get("consentId").asText()).isEqualTo("c-1");
        assertThat(granted.get("controller").asText()).isEqualTo("alpha");
        assertThat(granted.get("categories").get(0).asText()).isEqualTo("user.contact.email");
        assertThat(granted.get("time").asText()).isEqualTo("2026-03-01T09:00:00Z");
        assertThat(Base64.getDecoder().decode(granted.get("eventKey").asText())).hasSize(32);
        assertThat(report.get("receipts").get(1).get("type").asText()).isEqualTo("ConsentWithdrawn");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(TestStack.get(stack.queryUrl() + "/api/v1/subjects/"
                + subject + "/history").body().path("entries").path(0).path("leafIndex").asLong(-1))
                .as("the history entry's leaf").isEqualTo(granted.get("leafIndex").asLong()));

        Path saved = Files.createTempFile("report", ".json");
        Files.writeString(saved, report.toString());
        assertThat(verify("receipt", saved.toString())).as("the saved report's receipts").isZero();

        ((ObjectNode) report.get("receipts").get(0)).put("consentId", "c-2");
        Files.writeString(saved, report.toString());
        assertThat(verify("receipt", saved.toString())).as("a receipt whose consent was changed").isEqualTo(1);
        Files.writeString(saved, "{\"receipts\": [" + changedLeaf(report.get("receipts").get(1)) + "]}");
        assertThat(verify("receipt", saved.toString())).as("a receipt whose leaf was changed").isEqualTo(1);
        Files.writeString(saved, "not json");
        assertThat(verify("receipt", saved.toString())).as("a file that is no report").isEqualTo(2);
        assertThat(verify("receipt")).as("no file").isEqualTo(2);
    }

    @Test
    void anAuditFromScratchVerifiesEveryLeafTheRootAndTheSignatureAndConsistencyWithAKeptCheckpoint() throws Exception {
        Path kept = Files.createTempFile("checkpoint", ".txt");
        Files.writeString(kept, text("/api/v1/log/checkpoint"));
        report("log-" + UUID.randomUUID());
        await().atMost(PATIENCE).until(() -> checkpoint().size() > Checkpoint.parse(SignedNote.Verifier.parse(
                text("/api/v1/log/key").trim()).verify(Files.readString(kept))).size());

        assertThat(audit("--checkpoint", kept.toString())).isZero();
        assertThat(verify("audit", "--ledger", stack.ledgerUrl(), "--token", TestStack.auditor().token(),
                "--key", SignedNote.Signer.generate("consentledger.local/log").verifier().toString()))
                .as("another key").isEqualTo(1);
        assertThat(verify("audit", "--ledger", stack.ledgerUrl())).as("no key").isEqualTo(2);
    }

    @Test
    void everyAppReadsTheSignedCheckpointsInSigningOrderOnKafka() {
        report("log-" + UUID.randomUUID());
        long signed = checkpoint().size();
        JsonNode kafka = TestStack.appCredentials("alpha").get("kafka");
        Properties config = new Properties();
        config.putAll(EmbeddedKafka.clientConfig(kafka.get("bootstrap").asText(), kafka.get("username").asText(),
                kafka.get("password").asText()));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.get("groupPrefix").asText() + "checkpoints-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        SignedNote.Verifier key = SignedNote.Verifier.parse(text("/api/v1/log/key").trim());
        List<Checkpoint> published = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("ledger.checkpoints"));
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    published.add(Checkpoint.parse(key.verify(new String(record.value(), StandardCharsets.UTF_8))));
                }
                return !published.isEmpty() && published.get(published.size() - 1).size() >= signed;
            });
        }
        for (int i = 1; i < published.size(); i++) {
            assertThat(published.get(i).size()).isGreaterThan(published.get(i - 1).size());
        }
    }

    /** The verifier's exit status for {@code args}, as {@code java -jar ledger-verify.jar args} gives it. */
    private static int verify(String... args) {
        return LedgerVerify.run(args, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream()));
    }

    private static int audit(String... more) {
        List<String> args = new ArrayList<>(List.of("audit", "--ledger", stack.ledgerUrl(), "--token",
                TestStack.auditor().token(), "--key", text("/api/v1/log/key").trim()));
        args.addAll(List.of(more));
        return verify(args.toArray(String[]::new));
    }

    /** The receipt with one byte of its leaf's payload changed (the proof no longer holds). */
    private static String changedLeaf(JsonNode receipt) {
        byte[] leaf = Base64.getDecoder().decode(receipt.get("leaf").asText());
        leaf[leaf.length - 5] ^= 1;
        return ((ObjectNode) receipt.deepCopy()).put("leaf", Base64.getEncoder().encodeToString(leaf)).toString();
    }

    @Test
    void aCheckpointIsConsistentWithEveryEarlierOneAndProofsAnswerAnySignedSize() {
        Checkpoint first = checkpoint();
        String subject = "log-" + UUID.randomUUID();
        report(subject);
        await().atMost(PATIENCE).until(() -> checkpoint().size() > first.size());
        Checkpoint second = checkpoint();

        JsonNode proof = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/consistency?from=" + first.size()
                + "&to=" + second.size()).body();

        assertThat(Merkle.verifyConsistency(first.size(), second.size(), first.root(), second.root(),
                decode(proof.get("hashes")))).isTrue();
        byte[] firstLeaf = leafHash(Base64.getDecoder().decode(leaves(1).get(0).get("leaf").asText()));
        JsonNode inOldTree = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/inclusion?leafIndex=0&treeSize="
                + first.size()).body();
        assertThat(Merkle.verifyInclusion(0, first.size(), firstLeaf, decode(inOldTree.get("hashes")), first.root())).isTrue();
        assertThat(TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/consistency?from=0&to=" + (second.size() + 1_000_000))
                .body().get("code").asText()).isEqualTo("TREE_SIZE_NOT_SIGNED");
    }

    /** Subtrees of 16 leaves and more are stored, smaller ones computed from their leaves: proofs hold across both. */
    @Test
    void proofsHoldWhereSubtreesAreStoredAndWhereTheyAreComputedFromLeaves() {
        Checkpoint first = checkpoint();
        for (int i = 0; i < 300; i++) {
            report("log-" + UUID.randomUUID());
        }
        await().atMost(PATIENCE).until(() -> checkpoint().size() >= first.size() + 600);
        Checkpoint latest = checkpoint();
        List<byte[]> hashes = leaves(latest.size()).stream()
                .map(leaf -> leafHash(Base64.getDecoder().decode(leaf.get("leaf").asText()))).toList();
        assertThat(rootOf(hashes)).isEqualTo(latest.root());

        Random random = new Random(9162);
        for (int i = 0; i < 40; i++) {
            Checkpoint tree = i % 4 == 0 && first.size() > 0 ? first : latest;
            long index = random.nextLong(tree.size());
            JsonNode proof = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/inclusion?leafIndex=" + index
                    + "&treeSize=" + tree.size()).body();
            assertThat(Merkle.verifyInclusion(index, tree.size(), hashes.get((int) index), decode(proof.get("hashes")),
                    tree.root())).as("leaf %d of %d", index, tree.size()).isTrue();
        }
        JsonNode consistency = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/consistency?from=" + first.size()
                + "&to=" + latest.size()).body();
        assertThat(Merkle.verifyConsistency(first.size(), latest.size(), first.root(), latest.root(),
                decode(consistency.get("hashes")))).isTrue();
    }

    @Test
    void aLateCommitGetsALaterLeafNeverAGapOrAMiss() throws Exception {
        String late = UUID.randomUUID().toString();
        long sizeAtCommit;
        try (Connection connection = DriverManager.getConnection(stack.dbUrl())) {
            connection.setAutoCommit(false);
            insertUnknownEvent(connection, late);
            String subject = "log-" + UUID.randomUUID();
            report(subject);
            await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 2);
            assertThat(jdbc.queryForObject("select count(*) from log_leaf where event_identifier = ?", Long.class, late)).isZero();
            sizeAtCommit = jdbc.queryForObject("select size from log_state", Long.class);
            connection.commit();
        }

        await().atMost(WITHIN).until(() -> checkpoint().size() >= jdbc.queryForObject("select count(*) from domain_event_entry", Long.class));

        long leaf = jdbc.queryForObject("select leaf_index from log_leaf where event_identifier = ?", Long.class, late);
        assertThat(leaf).as("after every leaf there was when it committed").isGreaterThanOrEqualTo(sizeAtCommit);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where global_index > (select global_index"
                + " from domain_event_entry where event_identifier = ?)", Long.class, late)).as("events stored after it").isPositive();
        assertThat(jdbc.queryForObject("select count(*) = max(leaf_index) + 1 from log_leaf", Boolean.class)).as("no gap").isTrue();
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry e where not exists"
                + " (select 1 from log_leaf l where l.global_index = e.global_index)", Long.class)).as("no miss").isZero();
        Checkpoint checkpoint = checkpoint();
        assertThat(rootOf(leaves(checkpoint.size()).stream()
                .map(l -> leafHash(Base64.getDecoder().decode(l.get("leaf").asText()))).toList())).isEqualTo(checkpoint.root());
    }

    @Test
    void aChangedDeletedOrReorderedRowStopsTheSigningUntilItIsRestored() {
        String subject = "log-" + UUID.randomUUID();
        report(subject);
        await().atMost(PATIENCE).until(() -> TestStack.reportsStored(stack, subject) == 2);
        // The views read the rows before they are changed: a row changed before the views read it halts them
        // there (nothing tampered is projected), and they would stay halted for every later test of this JVM.
        await().atMost(PATIENCE).until(() -> TestStack.holdings(stack, subject).size() == 1);
        String record = TestStack.recordOf(stack, subject);
        List<Long> rows = jdbc.queryForList("select global_index from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", Long.class, record);
        await().atMost(WITHIN).until(() -> jdbc.queryForObject("select count(*) from log_leaf where global_index = any(?)"
                + " and leaf_index < (select max(tree_size) from log_checkpoint)", Long.class,
                (Object) rows.toArray(Long[]::new)) == rows.size());
        long a = rows.get(0);
        long b = rows.get(rows.size() - 1);
        byte[] original = jdbc.queryForObject("select substring(payload from 20 for 1) from domain_event_entry"
                + " where global_index = ?", byte[].class, a);

        tamperedAndRestored("a payload byte changed",
                () -> jdbc.update("update domain_event_entry set payload = overlay(payload placing '\\x41'::bytea from 20 for 1)"
                        + " where global_index = ?", a),
                () -> jdbc.update("update domain_event_entry set payload = overlay(payload placing ?::bytea from 20 for 1)"
                        + " where global_index = ?", original, a));
        tamperedAndRestored("a row deleted", () -> {
            jdbc.update("create table tampered as select * from domain_event_entry where global_index = ?", a);
            jdbc.update("delete from domain_event_entry where global_index = ?", a);
        }, () -> {
            jdbc.update("insert into domain_event_entry select * from tampered");
            jdbc.update("drop table tampered");
        });
        Runnable swap = () -> {
            jdbc.update("update domain_event_entry set global_index = -1 where global_index = ?", a);
            jdbc.update("update domain_event_entry set global_index = ? where global_index = ?", a, b);
            jdbc.update("update domain_event_entry set global_index = ? where global_index = -1", b);
        };
        tamperedAndRestored("two rows' order swapped", swap, swap);
    }

    /** The log stops signing and says so once {@code tamper} ran, and signs a consistent checkpoint again once {@code restore} ran. */
    private static void tamperedAndRestored(String what, Runnable tamper, Runnable restore) {
        Checkpoint before = checkpoint();
        tamper.run();
        long[] stoppedAt = new long[1];
        try {
            await().alias(what).atMost(PATIENCE).untilAsserted(() -> {
                JsonNode log = logHealth();
                assertThat(log.get("status").asText()).isEqualTo("DOWN");
                assertThat(log.get("details").get("signing").asText()).isEqualTo("stopped");
            });
            Checkpoint stopped = checkpoint();
            stoppedAt[0] = stopped.size();
            report("log-" + UUID.randomUUID());
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> checkpoint().size() == stopped.size());
            assertThat(rootOf(leaves(stopped.size()).stream().map(l -> l.get("leaf").isNull() ? new byte[32]
                    : leafHash(Base64.getDecoder().decode(l.get("leaf").asText()))).toList()))
                    .as(what + ": the leaves served no longer give the signed root").isNotEqualTo(stopped.root());
            assertThat(audit()).as(what + ": the audit").isEqualTo(1);
        } finally {
            restore.run();
        }

        await().alias(what + " restored").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(logHealth().get("status").asText()).isEqualTo("UP");
            assertThat(checkpoint().size()).isGreaterThan(stoppedAt[0]);
        });
        assertThat(audit()).as(what + " restored: the audit").isZero();
        Checkpoint after = checkpoint();
        JsonNode proof = TestStack.get(stack.ledgerUrl() + "/api/v1/log/proof/consistency?from=" + before.size()
                + "&to=" + after.size()).body();
        assertThat(Merkle.verifyConsistency(before.size(), after.size(), before.root(), after.root(),
                decode(proof.get("hashes")))).isTrue();
    }

    private static void insertUnknownEvent(Connection connection, String eventId) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                values (?, ?, 0, null, ?, 'org.consentledger.test.LateCommit', null, ?, ?)""")) {
            insert.setString(1, eventId);
            insert.setString(2, eventId);
            insert.setString(3, Instant.now().toString());
            insert.setBytes(4, "{\"late\":true}".getBytes(StandardCharsets.UTF_8));
            insert.setBytes(5, "{}".getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private static void report(String subject) {
        TestStack.reportConsentAndCollection(subject);
    }

    /** The latest checkpoint, its signature checked with the log's published key (both fetched without a token). */
    private static Checkpoint checkpoint() {
        SignedNote.Verifier key = SignedNote.Verifier.parse(text("/api/v1/log/key").trim());
        return Checkpoint.parse(key.verify(text("/api/v1/log/checkpoint")));
    }

    private static JsonNode logHealth() {
        return TestStack.get(stack.ledgerUrl() + "/actuator/health").body().get("components").get("log");
    }

    /** Every leaf of the tree of {@code size}, as an auditor fetches them. */
    private static List<JsonNode> leaves(long size) {
        List<JsonNode> leaves = new ArrayList<>();
        for (long start = 0; start < size; start += 1_000) {
            long end = Math.min(size, start + 1_000);
            TestStack.Response page = TestStack.call("GET", stack.ledgerUrl() + "/api/v1/log/leaves?start=" + start
                    + "&end=" + end, TestStack.auditor().token(), null, null);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("leaves").forEach(leaves::add);
        }
        return leaves;
    }

    private static String text(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ledgerUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return TestStack.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> decode(JsonNode hashes) {
        List<byte[]> decoded = new ArrayList<>();
        hashes.forEach(h -> decoded.add(Base64.getDecoder().decode(h.asText())));
        return decoded;
    }

    /*
     * RFC 9162, 2.1.1, as the RFC writes it (recursively), independently of the ledger's Merkle class:
     * MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0), MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
     * for the largest power of two k < n.
     */
    static byte[] rootOf(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return sha256().digest();
        }
        if (leafHashes.size() == 1) {
            return leafHashes.get(0);
        }
        int k = 1;
        while (k * 2 < leafHashes.size()) {
            k *= 2;
        }
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(rootOf(leafHashes.subList(0, k)));
        sha256.update(rootOf(leafHashes.subList(k, leafHashes.size())));
        return sha256.digest();
    }

    static byte[] leafHash(byte[] leaf) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        return sha256.digest(leaf);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
