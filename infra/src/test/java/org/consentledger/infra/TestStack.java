package org.consentledger.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.query.platform.ViewBatches;
import org.consentledger.query.platform.ViewsProperties;
import org.awaitility.Awaitility;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.Sealer;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One dev stack per test JVM (real PostgreSQL, real KRaft broker, both services) on free ports in a
 * temporary directory, started on first use and stopped when the JVM exits; plus small clients.
 */
public final class TestStack {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Object STACK = new Object();
    private static DevStack shared;
    private static KafkaProducer<String, byte[]> producer;

    private TestStack() {
    }

    public static DevStack shared() {
        synchronized (STACK) {
            if (shared == null) {
                shared = DevStack.start(settings(temporaryDirectory()));
                producer = new KafkaProducer<>(producerConfig(shared.kafkaAdminConfig()), new StringSerializer(),
                        new ByteArraySerializer());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    producer.close();
                    shared.close();
                }));
            }
            return shared;
        }
    }

    static DevStack.Settings settings(Path dataDir) {
        return new DevStack.Settings(dataDir, "localhost", freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
                null, null, null);
    }

    /** The embedded PostgreSQL of a stack started with these settings, in another process. */
    static String dbUrl(DevStack.Settings settings) {
        return "jdbc:postgresql://localhost:" + settings.dbPort() + "/postgres?user=postgres";
    }

    /** Queries against a stack's database, a connection per statement. */
    public static JdbcTemplate jdbc(String dbUrl) {
        return new JdbcTemplate(new DriverManagerDataSource(dbUrl));
    }

    /** The stack's subjects' keys as both services find them (with the master key of its data directory). */
    public static SubjectKeys subjectKeys(DevStack stack) {
        return subjectKeys(stack.dbUrl(), stack.settings().dataDir());
    }

    static SubjectKeys subjectKeys(String dbUrl, Path dataDir) {
        return new SubjectKeys(new DataSourceConnectionProvider(new DriverManagerDataSource(dbUrl)),
                MasterKey.of(null, Secrets.masterKeyFile(dataDir).toString()), 100).verified();
    }

    /** The record (aggregate identifier) the ledger stores {@code subject}'s events under. */
    public static String recordOf(DevStack stack, String subject) {
        return subjectKeys(stack).recordOf(subject).orElseThrow(() -> new AssertionError("no record of " + subject));
    }

    /** How many reports about {@code subject} are stored (its record's events but the one that started it and accesses). */
    public static long reportsStored(DevStack stack, String subject) {
        return subjectKeys(stack).recordOf(subject).map(record -> jdbc(stack.dbUrl()).queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?"
                        + " and payload_type <> 'org.consentledger.contracts.subject.SubjectRecordStartedEvent'"
                        + " and payload_type <> 'org.consentledger.contracts.access.SubjectRecordAccessedEvent'",
                Long.class, record)).orElse(0L);
    }

    /** The stored payload of {@code subject}'s first event of a type ending in {@code typeSuffix}, opened. */
    public static String storedPayload(DevStack stack, String subject, String typeSuffix) {
        String record = recordOf(stack, subject);
        Map<String, Object> row = jdbc(stack.dbUrl()).queryForMap("select event_identifier, payload from domain_event_entry"
                + " where aggregate_identifier = ? and payload_type like ? order by sequence_number limit 1", record, "%" + typeSuffix);
        byte[] key = subjectKeys(stack).keyOf(record).orElseThrow();
        return new String(Sealer.open((byte[]) row.get("payload"), Sealer.eventKey(key, (String) row.get("event_identifier"))),
                StandardCharsets.UTF_8);
    }

    /**
     * Stores an event about {@code subject} directly, sealed as the ledger stores it, last in the
     * subject's record (started if it has none): an event the ledger no longer accepts, as an older
     * version may have stored it. Answers the record.
     */
    public static String storeSealed(DevStack stack, String subject, String payloadType, String clearPayload) {
        String record = subjectKeys(stack).recordOrStart(subject, java.time.Instant.now());
        byte[] key = subjectKeys(stack).keyOf(record).orElseThrow();
        String eventId = UUID.randomUUID().toString();
        jdbc(stack.dbUrl()).update("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number,
                    type, time_stamp, payload_type, payload_revision, payload, meta_data)
                values (?, ?, (select coalesce(max(sequence_number) + 1, 0) from domain_event_entry
                               where aggregate_identifier = ?), 'DataSubject', ?, ?, '1', ?, ?)""",
                eventId, record, record, java.time.Instant.now().toString(), payloadType,
                Sealer.seal(clearPayload.getBytes(StandardCharsets.UTF_8), Sealer.eventKey(key, eventId)),
                "{}".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /**
     * Every column of every table, in every schema of the database at {@code dbUrl} (found through
     * {@code information_schema}; text, JSON, arrays and bytea alike), that holds {@code text} anywhere.
     */
    static List<String> columnsHolding(String dbUrl, String text) {
        JdbcTemplate db = jdbc(dbUrl);
        List<String> found = new ArrayList<>();
        db.query("""
                select c.table_schema, c.table_name, c.column_name, c.data_type
                from information_schema.columns c join information_schema.tables t
                  on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
                where c.table_schema not in ('pg_catalog', 'information_schema')""", rs -> {
            String table = "\"" + rs.getString(1) + "\".\"" + rs.getString(2) + "\"";
            String column = "\"" + rs.getString(3) + "\"";
            String test = "bytea".equals(rs.getString(4))
                    ? "position(convert_to(?, 'UTF8') in " + column + ") > 0"
                    : "strpos(" + column + "::text, ?) > 0";
            Long hits = db.queryForObject("select count(*) from " + table + " where " + test, Long.class, text);
            if (hits != null && hits > 0) {
                found.add(table + "." + column);
            }
        });
        return found;
    }

    /** The views' batch guard as the query-service builds it, for projections tested on their own. */
    public static ViewBatches viewBatches(JdbcTemplate jdbc) {
        return new ViewBatches(jdbc, Clock.systemUTC(), new SimpleMeterRegistry(), new ViewsProperties(0, 3));
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ledger-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers an app with the ledger (as admin), or registers it again with the same name and country. */
    static void registerApp(DevStack stack, String id, String name, String country) {
        Response answer = put(stack.ledgerUrl() + "/api/v1/apps/" + id,
                "{\"name\":\"" + name + "\",\"country\":\"" + country + "\"}");
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("registering " + id + " answered " + answer);
        }
    }

    /*
     * The clients below have their own lock, not the class's: an Awaitility condition runs in another
     * thread while demo() holds the class's lock.
     */
    private static final Object CLIENTS = new Object();
    private static final Map<String, JsonNode> APP_CREDENTIALS = new HashMap<>();
    private static final Map<String, LedgerClient> APP_CLIENTS = new HashMap<>();
    private static LedgerClient admin;
    private static LedgerClient auditor;

    /** The credentials of an app, issued once per test JVM by the admin. */
    static JsonNode appCredentials(String app) {
        synchronized (CLIENTS) {
            return APP_CREDENTIALS.computeIfAbsent(app,
                    a -> admin().post(shared().ledgerUrl() + "/api/v1/apps/" + a + "/credentials"));
        }
    }

    /** A REST client signed in as the app, with its credentials. */
    static LedgerClient app(String app) {
        synchronized (CLIENTS) {
            return APP_CLIENTS.computeIfAbsent(app, a -> {
                JsonNode oauth = appCredentials(a).get("oauth");
                return new LedgerClient(oauth.get("tokenEndpoint").asText(), oauth.get("clientId").asText(),
                        oauth.get("clientSecret").asText());
            });
        }
    }

    /** The shared stack's admin. */
    static LedgerClient admin() {
        DevStack stack = shared();
        synchronized (CLIENTS) {
            if (admin == null) {
                admin = stack.admin();
            }
            return admin;
        }
    }

    /** The shared stack's auditor. */
    static LedgerClient auditor() {
        DevStack stack = shared();
        synchronized (CLIENTS) {
            if (auditor == null) {
                auditor = stack.auditor();
            }
            return auditor;
        }
    }

    /** The subject's holdings as the query-service answers them now. */
    static List<JsonNode> holdings(DevStack stack, String subject) {
        JsonNode body = get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/holdings").body();
        return StreamSupport.stream(body.get("holdings").spliterator(), false).toList();
    }

    /**
     * Sends records, each to the topic of the app its {@code source} names ({@code alpha}'s when it
     * names none), as the broker's super user, and waits for the broker's acknowledgement.
     */
    static void produce(String key, byte[]... values) {
        shared();
        for (byte[] value : values) {
            producer.send(new ProducerRecord<>(AppTopics.ingest(sourceApp(value, "alpha")), key, value));
        }
        producer.flush();
    }

    private static final Pattern SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"/apps/([a-z0-9._-]+)\"");

    /** The app a message's source names, or {@code otherwise}. */
    static String sourceApp(byte[] message, String otherwise) {
        Matcher source = SOURCE.matcher(new String(message, StandardCharsets.UTF_8));
        return source.find() ? source.group(1) : otherwise;
    }

    /** Reports on {@code alpha}'s topic that the subject consented to e-mail and alpha then collected it (two events). */
    static void reportConsentAndCollection(String subject) {
        produce(subject, Events.bytes(Events.granted("alpha", subject, "2026-03-01T09:00:00Z", "c-1",
                List.of("user.contact.email"), List.of())));
        produce(subject, Events.bytes(Events.collected("alpha", subject, "2026-03-01T10:00:00Z", "c-1",
                List.of("user.contact.email"))));
    }

    /** The dead letters keyed with this subject, on any app's dead-letter topic, once there are {@code expected}. */
    static List<ConsumerRecord<byte[], byte[]>> deadLettersFor(String subject, int expected) {
        return keyedOn(Pattern.compile("ledger\\.dlq\\..+"), subject, expected);
    }

    /** The records keyed {@code key} on the topics {@code topics} (read as the broker's super user), once there are {@code expected}. */
    static List<ConsumerRecord<byte[], byte[]>> keyedOn(Pattern topics, String key, int expected) {
        Properties config = new Properties();
        config.putAll(shared().kafkaAdminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key)) {
                        found.add(r);
                    }
                }
                return found.size() >= expected;
            });
        }
        return found;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Producer settings for a user of the broker ({@link DevStack#kafkaAdminConfig()}, an app's). */
    static Properties producerConfig(Map<String, Object> client) {
        Properties config = new Properties();
        config.putAll(client);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    record Response(int status, String contentType, JsonNode body) {
    }

    /** The raw answer, for pages and PDFs. */
    record RawResponse(int status, String contentType, byte[] body) {

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static RawResponse getRaw(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Authorization", "Bearer " + tokenFor("GET", url, null));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new RawResponse(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The demo story played once into the shared stack, waited for until every report of it is visible. */
    static synchronized String demo() {
        DevStack stack = shared();
        if (!demoPlayed) {
            new DemoStory(stack).play();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).untilAsserted(() -> {
                JsonNode history = get(stack.queryUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT + "/history").body();
                JsonNode lineage = get(stack.queryUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT + "/lineage").body();
                JsonNode violations = get(stack.queryUrl() + "/api/v1/audit/violations?subject=" + DemoStory.SUBJECT)
                        .body();
                org.assertj.core.api.Assertions.assertThat(history.get("entries")).as("history").hasSize(DEMO_EVENTS);
                org.assertj.core.api.Assertions.assertThat(lineage.get("edges")).as("lineage").hasSize(4);
                org.assertj.core.api.Assertions.assertThat(violations.get("violations")).as("violations").hasSize(4);
            });
            demoPlayed = true;
        }
        return DemoStory.SUBJECT;
    }

    static final int DEMO_EVENTS = 16;
    private static boolean demoPlayed;

    /*
     * get, put, delete and post send the token the security table asks for: the app of the event's
     * source for POST /api/v1/events, the admin for the rest of ledger-service and query-service's
     * admin endpoints, the auditor for query-service's reads. call sends the token given, or none.
     */

    static Response get(String url) {
        return call("GET", url, tokenFor("GET", url, null), null, null);
    }

    static Response put(String url, String json) {
        return call("PUT", url, tokenFor("PUT", url, json), "application/json", json);
    }

    static Response delete(String url) {
        return call("DELETE", url, tokenFor("DELETE", url, null), null, null);
    }

    static Response post(String url, String contentType, String body) {
        return call("POST", url, tokenFor("POST", url, body), contentType, body);
    }

    /** A request with {@code token} as bearer token (none when null) and {@code headers} (name, value, ...). */
    static Response call(String method, String url, String token, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    static String tokenFor(String method, String url, String body) {
        DevStack stack = shared();
        String path = URI.create(url).getPath();
        if (url.startsWith(stack.ledgerUrl())) {
            if (method.equals("POST") && path.equals("/api/v1/events")) {
                String app = body == null ? null : sourceApp(body.getBytes(StandardCharsets.UTF_8), null);
                return app == null ? null : app(app).token();
            }
            return admin().token();
        }
        return path.startsWith("/api/v1/admin") || path.startsWith("/actuator") ? admin().token() : auditor().token();
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() || !response.headers().firstValue("Content-Type").orElse("")
                    .contains("json") ? null : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
