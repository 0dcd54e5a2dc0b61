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
import java.util.List;
import java.util.Properties;
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
import org.consentledger.query.platform.ViewBatches;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One dev stack per test JVM (real PostgreSQL, real KRaft broker, both services) on free ports in a
 * temporary directory, started on first use and stopped when the JVM exits; plus small clients.
 */
public final class TestStack {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DevStack shared;
    private static KafkaProducer<String, byte[]> producer;

    private TestStack() {
    }

    public static synchronized DevStack shared() {
        if (shared == null) {
            shared = DevStack.start(settings(temporaryDirectory()));
            producer = new KafkaProducer<>(producerConfig(shared.kafkaBootstrap()), new StringSerializer(),
                    new ByteArraySerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                producer.close();
                shared.close();
            }));
        }
        return shared;
    }

    static DevStack.Settings settings(Path dataDir) {
        return new DevStack.Settings(dataDir, freePort(), freePort(), freePort(), freePort(), freePort(), null, null);
    }

    /** The embedded PostgreSQL of a stack started with these settings, in another process. */
    static String dbUrl(DevStack.Settings settings) {
        return "jdbc:postgresql://localhost:" + settings.dbPort() + "/postgres?user=postgres";
    }

    /** Queries against a stack's database, a connection per statement. */
    public static JdbcTemplate jdbc(String dbUrl) {
        return new JdbcTemplate(new DriverManagerDataSource(dbUrl));
    }

    /** The views' batch guard as the query-service builds it, for projections tested on their own. */
    public static ViewBatches viewBatches(JdbcTemplate jdbc) {
        return new ViewBatches(jdbc, Clock.systemUTC(), new SimpleMeterRegistry(), 3);
    }

    static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ledger-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers an app with the ledger, or registers it again with the same name and country. */
    static void registerApp(DevStack stack, String id, String name, String country) {
        put(stack.ledgerUrl() + "/api/v1/apps/" + id, "{\"name\":\"" + name + "\",\"country\":\"" + country + "\"}");
    }

    /** The subject's holdings as the query-service answers them now. */
    static List<JsonNode> holdings(DevStack stack, String subject) {
        JsonNode body = get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/holdings").body();
        return StreamSupport.stream(body.get("holdings").spliterator(), false).toList();
    }

    /** Sends records to {@code ledger.events} and waits for the broker's acknowledgement. */
    static void produce(String key, byte[]... values) {
        shared();
        for (byte[] value : values) {
            producer.send(new ProducerRecord<>("ledger.events", key, value));
        }
        producer.flush();
    }

    /** The dead letters keyed with this subject, in the order they were refused, once there are {@code expected}. */
    static List<ConsumerRecord<byte[], byte[]>> deadLettersFor(String subject, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, shared().kafkaBootstrap());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("ledger.events.dlq"));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(subject)) {
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

    static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
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
            new DemoStory(stack.ledgerUrl(), stack.kafkaBootstrap()).play();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> {
                JsonNode history = get(stack.queryUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT + "/history").body();
                JsonNode lineage = get(stack.queryUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT + "/lineage").body();
                return history.get("entries").size() == DEMO_EVENTS && lineage.get("edges").size() == 4
                        && get(stack.queryUrl() + "/api/v1/audit/violations?subject=" + DemoStory.SUBJECT).body()
                                .get("violations").size() == 4;
            });
            demoPlayed = true;
        }
        return DemoStory.SUBJECT;
    }

    static final int DEMO_EVENTS = 16;
    private static boolean demoPlayed;

    static Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static Response put(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static Response delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE().build());
    }

    static Response post(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
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
