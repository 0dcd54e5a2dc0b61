package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apps on the real SASL broker of the dev stack, each with the credentials the ledger issued it: the
 * broker refuses a wrong password, another app's topic and another app's dead letters; the ledger
 * takes the app from the topic, so a message naming another app is dead-lettered SOURCE_MISMATCH on
 * the sender's own dead-letter topic; a new app's first records are not lost; issuing credentials
 * again ends the old secret and the old password.
 */
class KafkaAccessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static DevStack stack;

    @BeforeAll
    static void apps() {
        stack = TestStack.shared();
        TestStack.registerApp(stack, "kafka-a", "Kafka A", "DE");
        TestStack.registerApp(stack, "kafka-b", "Kafka B", "DE");
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        try (KafkaProducer<String, String> producer = producer("kafka-a", "not-the-password")) {
            assertThatThrownBy(() -> producer.send(record("kafka-a", "s", "{}")).get())
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void anAppWritesItsOwnTopicOnlyAndReadsItsOwnDeadLettersOnly() throws Exception {
        JsonNode a = TestStack.appCredentials("kafka-a").get("kafka");
        try (KafkaProducer<String, String> producer = producer("kafka-a", a.get("password").asText())) {
            producer.send(record("kafka-a", "s-" + UUID.randomUUID(), "{}")).get();
            assertThatThrownBy(() -> producer.send(record("kafka-b", "s", "{}")).get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> own = consumer("kafka-a", a.get("password").asText(), "kafka-a.reader")) {
            own.subscribe(List.of(AppTopics.deadLetters("kafka-a")));
            await().atMost(PATIENCE).until(() -> {
                own.poll(Duration.ofMillis(500));
                return !own.assignment().isEmpty();
            });
        }
        try (KafkaConsumer<String, String> other = consumer("kafka-a", a.get("password").asText(), "kafka-a.spy")) {
            other.subscribe(List.of(AppTopics.deadLetters("kafka-b")));
            assertThatThrownBy(() -> other.poll(Duration.ofSeconds(5))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> foreignGroup = consumer("kafka-a", a.get("password").asText(), "kafka-b.x")) {
            foreignGroup.subscribe(List.of(AppTopics.deadLetters("kafka-a")));
            assertThatThrownBy(() -> foreignGroup.poll(Duration.ofSeconds(5))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aMessageNamingAnotherAppIsDeadLetteredSourceMismatchOnTheSendersTopic() throws Exception {
        String s = "s-" + UUID.randomUUID();
        JsonNode a = TestStack.appCredentials("kafka-a").get("kafka");
        String claim = Events.collected("kafka-b", s, "2026-02-01T09:00:00Z", "c-none", List.of("user.name")).toString();
        try (KafkaProducer<String, String> producer = producer("kafka-a", a.get("password").asText())) {
            producer.send(record("kafka-a", s, claim)).get();
        }
        ConsumerRecord<byte[], byte[]> letter = TestStack.deadLettersFor(s, 1).get(0);
        assertThat(letter.topic()).isEqualTo(AppTopics.deadLetters("kafka-a"));
        assertThat(TestStack.header(letter, "ledger-error-code")).isEqualTo("SOURCE_MISMATCH");
        assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo(claim);
    }

    /** An app named after the ledger's own Kafka user would be handed that super user's password with its credentials. */
    @Test
    void noAppTakesTheNameOfAKafkaUserThatIsNoApps() {
        TestStack.Response refused = TestStack.put(stack.ledgerUrl() + "/api/v1/apps/" + EmbeddedKafka.ADMIN_USER,
                "{\"name\": \"Ledger\", \"country\": \"DE\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("code").asText()).isEqualTo("APP_ID_TAKEN");
        assertThat(TestStack.get(stack.ledgerUrl() + "/api/v1/apps").body().toString())
                .doesNotContain("\"" + EmbeddedKafka.ADMIN_USER + "\"");
    }

    @Test
    void aNewAppsFirstRecordsAreNotLost() throws Exception {
        String app = "new-" + UUID.randomUUID().toString().substring(0, 8);
        TestStack.registerApp(stack, app, "New app", "DE");
        JsonNode kafka = TestStack.appCredentials(app).get("kafka");
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(app, kafka.get("password").asText())) {
            for (int i = 0; i < 20; i++) {
                var event = Events.collected(app, "s-" + app + "-" + i, "2026-02-01T09:00:00Z", "c-none", List.of("user.name"));
                ids.add(event.get("id").asText());
                producer.send(record(app, "s-" + app + "-" + i, event.toString())).get();
            }
        }
        await().atMost(PATIENCE).until(() -> TestStack.jdbc(stack.dbUrl()).queryForObject(
                "select count(*) from ingested_message where source = ?", Long.class, app) == ids.size());
    }

    @Test
    void issuingCredentialsAgainEndsTheOldSecretAndTheOldPassword() throws Exception {
        String app = "rotate-" + UUID.randomUUID().toString().substring(0, 8);
        TestStack.registerApp(stack, app, "Rotating app", "DE");
        String url = stack.ledgerUrl() + "/api/v1/apps/" + app + "/credentials";
        JsonNode old = TestStack.admin().post(url);
        JsonNode fresh = TestStack.admin().post(url);

        assertThat(tokenStatus(old.get("oauth"))).as("the old client secret").isEqualTo(401);
        assertThat(tokenStatus(fresh.get("oauth"))).as("the new client secret").isEqualTo(200);
        try (KafkaProducer<String, String> producer = producer(app, old.get("kafka").get("password").asText())) {
            assertThatThrownBy(() -> producer.send(record(app, "s", "{}")).get())
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
        await().atMost(Duration.ofSeconds(5)).ignoreExceptionsInstanceOf(ExecutionException.class).untilAsserted(() -> {
            try (KafkaProducer<String, String> producer = producer(app, fresh.get("kafka").get("password").asText())) {
                producer.send(record(app, "s", "{}")).get();
            }
        });
    }

    private static int tokenStatus(JsonNode oauth) {
        String basic = java.util.Base64.getEncoder().encodeToString((oauth.get("clientId").asText() + ":"
                + oauth.get("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
        return LedgerClient.send(HttpRequest.newBuilder(URI.create(oauth.get("tokenEndpoint").asText()))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).statusCode();
    }

    private static ProducerRecord<String, String> record(String app, String key, String value) {
        return new ProducerRecord<>(AppTopics.ingest(app), key, value);
    }

    private static KafkaProducer<String, String> producer(String user, String password) {
        Map<String, Object> config = new HashMap<>(EmbeddedKafka.clientConfig(stack.kafkaBootstrap(), user, password));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, String password, String group) {
        Map<String, Object> config = new HashMap<>(EmbeddedKafka.clientConfig(stack.kafkaBootstrap(), user, password));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
