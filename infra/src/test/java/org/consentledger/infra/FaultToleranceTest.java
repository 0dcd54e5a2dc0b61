package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nothing lost, nothing doubled, with real processes: a Kafka broker and the dev stack (PostgreSQL
 * and both services) each in a JVM of its own. Duplicates, a kill -9 of the ledger mid-stream, a
 * kill -9 of the broker mid-stream, PostgreSQL stopped for a while (readiness DOWN, liveness UP):
 * each step ends with exact counts of what was recorded and projected. Finally every projection is rebuilt from scratch and
 * compared row for row with the incremental one.
 */
class FaultToleranceTest {

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String READINESS = "/actuator/health/readiness";
    private static final String LIVENESS = "/actuator/health/liveness";

    private final DevStack.Settings settings = TestStack.settings(TestStack.temporaryDirectory());
    private final String run = "f" + UUID.randomUUID().toString().substring(0, 8);
    private final String kafka = "localhost:" + settings.kafkaPort();
    private final String db = TestStack.dbUrl(settings);
    private final HttpClient http = HttpClient.newHttpClient();
    private Process broker;
    private Process stack;
    private LedgerClient app;

    @AfterEach
    void stopEverything() throws IOException {
        ChildJvm.stop(stack);
        ChildJvm.stop(broker);
        Path pid = settings.dataDir().resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void nothingIsLostAndNothingDoubledThroughDuplicatesCrashesAndOutages() throws Exception {
        broker = startBroker();
        stack = startStack();
        put("/api/v1/apps/" + run, Map.of("name", "Fault app", "country", "DE"));
        put("/api/v1/apps/" + run + "-sink", Map.of("name", "Fault sink", "country", "FR"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestStack.producerConfig(ChildJvm.kafkaAdmin(settings)), new StringSerializer(), new StringSerializer())) {
            // duplicates: every message twice on Kafka, some a third time over HTTP
            send(producer, 0, 300);
            send(producer, 0, 300);
            for (int i = 0; i < 300; i += 15) {
                int status = post(event(i));
                assertThat(status).isIn(200, 202);
            }
            awaitExactly(300);

            // kill -9 of the whole ledger process while it ingests
            send(producer, 300, 3300);
            await().atMost(PATIENCE).until(() -> ingested() > 400);
            ChildJvm.kill9(stack);
            stack = startStack();
            awaitExactly(3300);

            // kill -9 of the broker while the ledger ingests
            send(producer, 3300, 5300);
            await().atMost(PATIENCE).until(() -> ingested() > 3400);
            ChildJvm.kill9(broker);
            broker = startBroker();
            awaitExactly(5300);

            // PostgreSQL stopped for a while: ingestion pauses, both services stop being ready but stay
            // alive (nothing to restart), then everything resumes by itself
            send(producer, 5300, 7300);
            await().atMost(PATIENCE).until(() -> ingested() > 5400);
            Postgres postgres = Postgres.of(settings.dataDir().resolve("postgres"));
            postgres.stop();
            for (int port : List.of(settings.ledgerPort(), settings.queryPort())) {
                await().atMost(PATIENCE).until(() -> status(port, READINESS) == 503);
                assertThat(status(port, LIVENESS)).as("liveness of :" + port + " without PostgreSQL").isEqualTo(200);
            }
            await().pollDelay(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> status(settings.ledgerPort(), READINESS) == 503);
            postgres.start();
            awaitExactly(7300);
            await().atMost(PATIENCE).until(() -> status(settings.ledgerPort(), READINESS) == 200
                    && status(settings.queryPort(), READINESS) == 200);
        }

        List<List<Object>> before = projectionRows();
        assertThat(post(settings.queryPort(), "/api/v1/admin/projections/views/rebuild")).isEqualTo(202);
        long head = count("select max(global_index) from domain_event_entry");
        await().atMost(PATIENCE).until(() -> positions().stream().allMatch(p -> p >= head));
        assertThat(projectionRows()).as("rebuilt projections equal the incremental ones").isEqualTo(before);
        assertThat(before).hasSizeGreaterThan(7300);
    }

    private Process startBroker() {
        return ChildJvm.start(settings.dataDir().resolve("broker.log"), Map.of(), "Kafka broker running",
                EmbeddedKafka.class.getName(), settings.dataDir().resolve("kafka").toString(),
                Integer.toString(settings.kafkaPort()), Integer.toString(settings.kafkaControllerPort()));
    }

    private Process startStack() {
        Map<String, String> env = new java.util.HashMap<>(ChildJvm.stackEnvironment(settings));
        env.put("LEDGER_KAFKA_BOOTSTRAP", kafka);
        try {
            env.put("LEDGER_KAFKA_PASSWORD", Files.readString(settings.dataDir().resolve("kafka").resolve("admin.password")).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ChildJvm.start(settings.dataDir().resolve("stack.log"), env, "Consent Ledger is running",
                DevStack.class.getName());
    }

    /** Events i in [from, to): per subject a grant, a collection and a transfer. */
    private void send(KafkaProducer<String, String> producer, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(AppTopics.ingest(run), subject(i), event(i)));
        }
        producer.flush();
    }

    private String subject(int i) {
        return run + "-s" + (i / 3);
    }

    private String event(int i) {
        String subject = subject(i);
        String time = "2026-01-01T00:00:00Z".replace("00:00:00", String.format("%02d:00:00", i % 3));
        Map<String, Object> data = switch (i % 3) {
            case 0 -> Map.of("consentId", "c-" + subject, "purposes", List.of("dpv:ServiceProvision"),
                    "categories", List.of("user.contact"), "legalBasis", "A6-1-a", "recipients", List.of(run + "-sink"));
            case 1 -> Map.of("categories", List.of("user.contact.email"), "purposes", List.of("dpv:ServiceProvision"),
                    "legalBasis", "A6-1-a", "method", "provided");
            default -> Map.of("transferId", "t-" + subject, "recipient", run + "-sink",
                    "categories", List.of("user.contact.email"), "purposes", List.of(i % 2 == 0
                            ? "dpv:ServiceProvision" : "dpv:Advertising"), "legalBasis", "A6-1-a");
        };
        String kind = List.of("consent.granted", "data.collected", "data.transferred").get(i % 3);
        return Events.event(kind, run, subject, time, data).put("id", run + "-" + i).toString();
    }

    /** Waits until exactly {@code n} messages are recorded, stored as ledger events and projected. */
    private void awaitExactly(long n) {
        await().atMost(PATIENCE).until(() -> ingested() >= n && recorded() >= n && projected() >= n
                && holdings() >= 2 * n / 3);
        assertThat(ingested()).as("(source, id) pairs recorded").isEqualTo(n);
        assertThat(recorded()).as("ledger events stored").isEqualTo(n);
        assertThat(projected()).as("history entries projected").isEqualTo(n);
        assertThat(holdings()).as("holdings projected").isEqualTo(2 * n / 3);
    }

    private long holdings() {
        return count("select count(*) from query.holding where subject like '" + run + "-%'");
    }

    private long ingested() {
        return count("select count(*) from ingested_message where source = '" + run + "'");
    }

    private long recorded() {
        // the stack's own database: its subjects are this run's (stored under records, not their ids)
        return count("select count(*) from domain_event_entry where type = 'DataSubject'"
                + " and payload_type not like '%VerdictChangedEvent' and payload_type not like '%SubjectRecordStartedEvent'"
                + " and payload_type not like '%SubjectRecordAccessedEvent'");
    }

    private long projected() {
        return count("select count(*) from query.history_entry where subject like '" + run + "-%'");
    }

    private long count(String sql) {
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private List<List<Object>> projectionRows() throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement()) {
            for (String sql : List.of(
                    "select * from query.holding order by entry_app, entry_id, holder, category",
                    "select * from query.consent order by subject, consent_id",
                    "select * from query.violation order by entry_app, entry_id",
                    "select * from query.history_entry order by entry_app, entry_id")) {
                try (ResultSet rs = s.executeQuery(sql)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            row.add(value instanceof java.sql.Array array
                                    ? Arrays.asList((Object[]) array.getArray()) : String.valueOf(value));
                        }
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    private List<Long> positions() {
        List<Long> positions = new ArrayList<>();
        ChildJvm.client(settings, "admin").get("http://localhost:" + settings.queryPort() + "/api/v1/admin/projections")
                .get("projections").forEach(p -> positions.add(p.get("position").asLong()));
        return positions;
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void put(String path, Map<String, String> body) {
        ChildJvm.client(settings, "admin").put("http://localhost:" + settings.ledgerPort() + path, body);
    }

    /** Posts the event as the app, with credentials the admin issues it once. */
    private int post(String event) {
        if (app == null) {
            com.fasterxml.jackson.databind.JsonNode oauth = ChildJvm.client(settings, "admin")
                    .post("http://localhost:" + settings.ledgerPort() + "/api/v1/apps/" + run + "/credentials").get("oauth");
            app = new LedgerClient(oauth.get("tokenEndpoint").asText(), oauth.get("clientId").asText(),
                    oauth.get("clientSecret").asText());
        }
        return app.call(HttpRequest.newBuilder(URI.create("http://localhost:" + settings.ledgerPort() + "/api/v1/events"))
                .header("Content-Type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(event, StandardCharsets.UTF_8))).statusCode();
    }

    private int post(int port, String path) {
        return ChildJvm.client(settings, "admin").call(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode();
    }

    /**
     * The embedded PostgreSQL server, stopped (fast shutdown: SIGINT) and started again with the binary
     * and options it ran with, in a user namespace as zonky starts it (PostgreSQL refuses to run as root).
     */
    private record Postgres(Path dataDir, long pid, Path binary, List<String> options) {

        static Postgres of(Path dataDir) throws IOException {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
            Path binary = Path.of("/proc/" + pid + "/exe").toRealPath();
            List<String> args = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")),
                    StandardCharsets.UTF_8).split("\0"));
            return new Postgres(dataDir, pid, binary, args.subList(1, args.size()));
        }

        void stop() throws IOException, InterruptedException {
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor()).isZero();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        }

        void start() throws IOException {
            List<String> command = new ArrayList<>(List.of("unshare", "-U", binary.toString()));
            command.addAll(options);
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("postgres-restarted.log").toFile()))
                    .start();
        }
    }
}
