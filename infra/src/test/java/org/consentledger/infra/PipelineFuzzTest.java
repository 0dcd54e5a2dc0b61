package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.ledger.ingest.parsing.ErrorCode;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A storm of generated records through the real path (Kafka, ledger, views), seeded and replayable:
 * {@code -Dfuzz.seed=S -Dfuzz.records=N} (N = 100000 for the nightly run). Valid events interleaved
 * with mutants of them: random bytes, truncations, fields removed, nulled or mistyped, odd and
 * impossible times, control characters, lone surrogates and other unicode, long strings, deep
 * nesting, trailing garbage, ids REST cannot address. Exact accounting afterwards: every record is
 * either recorded (and visible in the views) or dead-lettered once with a documented code; every
 * valid one is recorded once; records that must be refused are; the views parked nothing; a final
 * valid event on every partition is visible; both services are healthy; and over HTTP no record is
 * answered with a 5xx.
 */
class PipelineFuzzTest {

    private static final Logger log = LoggerFactory.getLogger(PipelineFuzzTest.class);
    private static final long SEED = Long.getLong("fuzz.seed", 14L);
    private static final int RECORDS = Integer.getInteger("fuzz.records", 3000);
    private static final int PARTITIONS = 6;
    private static final List<String> APPS = List.of("fz-a", "fz-b", "fz-c");
    private static final Set<String> CODES = new HashSet<>(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());

    private enum Expect { RECORDED, REFUSED, EITHER }

    /** A record as sent: on {@code app}'s topic, the app of the valid event it was made from. */
    private record Sent(int n, String app, byte[] value, Expect expect) {
    }

    private final Random random = new Random(SEED);
    /** Fixed length, so that the same seed mutates the same way; unique, so that runs in one stack never meet. */
    private final String run = "fz" + Long.toString(System.nanoTime() % 1_000_000_000L + 1_000_000_000L, 36);

    @Test
    void everyRecordOfAHostileStormIsRecordedOrDeadLetteredOnceAndNothingStalls() {
        DevStack stack = TestStack.shared();
        APPS.forEach(app -> TestStack.registerApp(stack, app, app, "DE"));
        List<Sent> sent = new ArrayList<>(RECORDS);
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int n = 0; n < RECORDS; n++) {
                Sent record = generate(n);
                sent.add(record);
                ProducerRecord<String, byte[]> message = new ProducerRecord<>(AppTopics.ingest(record.app()),
                        run + "-s" + random.nextInt(64), record.value());
                message.headers().add("fuzz-run", run.getBytes(StandardCharsets.UTF_8));
                message.headers().add("fuzz-record", Integer.toString(n).getBytes(StandardCharsets.UTF_8));
                producer.send(message);
            }
            producer.flush();
        }

        JdbcTemplate db = TestStack.jdbc(stack.dbUrl());
        Map<Integer, List<String>> deadLettered = new HashMap<>();
        Duration patience = Duration.ofSeconds(120 + RECORDS / 200);
        try (KafkaConsumer<byte[], byte[]> letters = deadLetterConsumer(stack)) {
            await().atMost(patience).pollInterval(Duration.ofSeconds(1)).until(() -> {
                collect(letters, deadLettered);
                return unaccounted(sent, deadLettered, db).isEmpty();
            });
            finalEventOnEveryPartition(stack, db);
            collect(letters, deadLettered);
        }

        Set<List<String>> keys = new HashSet<>();
        for (Sent record : sent) {
            List<String> letter = deadLettered.getOrDefault(record.n(), List.of());
            assertThat(letter).as("record %d is dead-lettered at most once", record.n()).hasSizeLessThanOrEqualTo(1);
            assertThat(CODES).as("record %d's code", record.n()).containsAll(letter);
            if (record.expect() == Expect.RECORDED) {
                assertThat(letter).as("valid record %d: %s", record.n(), text(record)).isEmpty();
            }
            if (record.expect() == Expect.REFUSED) {
                assertThat(letter).as("hostile record %d: %s", record.n(), text(record)).hasSize(1);
            }
            if (letter.isEmpty()) {
                keys.add(key(record.value()));
            }
        }
        // the ledger keeps a message id by its keyed hash
        org.consentledger.storage.sealing.SubjectKeys hashes = TestStack.subjectKeys(stack);
        Set<List<String>> claims = new HashSet<>();
        keys.forEach(k -> claims.add(List.of(k.get(0), hashes.keyedHash(k.get(1)))));
        Set<List<String>> recorded = recorded(db, claims, "ingested_message", "source", "encode(message_id, 'hex')");
        assertThat(recorded).as("every record not dead-lettered is recorded").containsAll(claims);
        Set<List<String>> projected = recorded(db, keys, "query.history_entry", "entry_app", "entry_id");
        assertThat(projected).as("every recorded record is in the views").containsAll(keys);
        assertThat(db.queryForObject("select count(*) from query.history_entry where entry_id like ?", Long.class,
                run + "%")).as("once each").isEqualTo(projected.stream().filter(k -> k.get(1).startsWith(run)).count());
        assertThat(db.queryForList("select sequenceidentifier from query.deadletterentry where sequenceidentifier like ?",
                String.class, run + "%")).as("the views parked nothing the door accepted").isEmpty();
        assertThat(status(stack.ledgerUrl())).isEqualTo("UP");
        assertThat(status(stack.queryUrl())).isEqualTo("UP");
        Map<String, Long> codes = new java.util.TreeMap<>();
        deadLettered.values().forEach(l -> l.forEach(code -> codes.merge(code, 1L, Long::sum)));
        log.info("fuzz seed {}: {} records, {} accepted as {} distinct (source, id) pairs (the rest duplicates of "
                + "those), dead-lettered {}", SEED, RECORDS, RECORDS - deadLettered.size(), keys.size(), codes);

        for (Sent record : sent.subList(0, Math.min(300, sent.size()))) {
            TestStack.Response answer = TestStack.post(stack.ledgerUrl() + "/api/v1/events",
                    "application/cloudevents+json", text(record));
            assertThat(answer.status()).as("HTTP for record %d: %s", record.n(), text(record)).isLessThan(500);
        }
    }

    // --- the storm -------------------------------------------------------------------------------

    private Sent generate(int n) {
        ObjectNode event = valid(n);
        String app = event.get("source").asText().substring("/apps/".length());
        Sent sent = mutate(n, event);
        return new Sent(n, app, sent.value(), sent.expect());
    }

    private Sent mutate(int n, ObjectNode event) {
        int kind = random.nextInt(20);
        if (kind < 3) {
            return new Sent(n, null, bytes(event), Expect.RECORDED);
        }
        return switch (kind) {
            case 3 -> new Sent(n, null, randomBytes(), Expect.REFUSED);
            case 4 -> {
                byte[] whole = bytes(event);
                yield new Sent(n, null, Arrays.copyOf(whole, random.nextInt(whole.length - 1)), Expect.REFUSED);
            }
            case 5 -> {
                pick(event).remove(pickField(pick(event)));
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 6 -> {
                ObjectNode node = pick(event);
                node.putNull(pickField(node));
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 7 -> {
                ObjectNode node = pick(event);
                String field = pickField(node);
                switch (random.nextInt(4)) {
                    case 0 -> node.put(field, random.nextInt());
                    case 1 -> node.putArray(field).add("x");
                    case 2 -> node.putObject(field).put("x", 1);
                    default -> node.put(field, random.nextBoolean());
                }
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 8 -> {
                event.put("time", pick("2026-02-01T09:00:00.123456789+14:00", "1000-01-01T00:00:00Z",
                        "2026-02-28T23:59:59.999-12:00", "2026-02-01t09:00:00z", "9999-12-31T23:59:59Z"));
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 9 -> {
                event.put("time", pick("0000-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0999-12-31T23:59:59Z"));
                yield new Sent(n, null, bytes(event), Expect.REFUSED);
            }
            case 10 -> {
                ObjectNode node = pick(event);
                node.put(pickField(node), "x" + pick("\u0000", "\u001b", "\n", "\u0085", "\u007f", LONE + "D800" + LONE,
                        LONE + "DBFF" + LONE, LONE + "DC00" + LONE) + "z");
                yield new Sent(n, null, bytes(event), Expect.REFUSED);
            }
            case 11 -> {
                ObjectNode node = pick(event);
                node.put(pickField(node), pick("\u202e\u0301x", "\ud83d\ude00", "\ufeffx", "\u00e9t\u00e9", "\uffff",
                        "x\u200dy", "\u05d0\u05d1"));
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 12 -> {
                String field = pick("id", "subject");
                event.put(field, "x".repeat(pick(201, 10_000)));
                yield new Sent(n, null, bytes(event), Expect.REFUSED);
            }
            case 13 -> {
                ObjectNode node = pick(event);
                node.put(pickField(node), "y".repeat(pick(65, 101, 201, 2001, 30_000)));
                yield new Sent(n, null, bytes(event), Expect.EITHER);
            }
            case 14 -> {
                int depth = pick(10, 200, 1500);
                String nested = "{\"deeper\":".repeat(depth) + "{}" + "}".repeat(depth);
                byte[] deep = new String(bytes(event), StandardCharsets.UTF_8)
                        .replace("\"data\":{", "\"data\":{\"nest\":" + nested + ",").getBytes(StandardCharsets.UTF_8);
                yield new Sent(n, null, deep, depth > 1000 ? Expect.REFUSED : Expect.EITHER);
            }
            case 15 -> {
                String garbage = pick("x", "}", " // c", "{}", " " + event, "\u0000");
                yield new Sent(n, null, (new String(bytes(event), StandardCharsets.UTF_8) + garbage)
                        .getBytes(StandardCharsets.UTF_8), Expect.REFUSED);
            }
            case 16 -> {
                event.put("subject", run + pick("/x", "\\x", "?x", "#x", " x", "%2F"));
                yield new Sent(n, null, bytes(event), Expect.REFUSED);
            }
            case 17 -> {
                byte[] flipped = bytes(event);
                for (int f = 0; f < 1 + random.nextInt(3); f++) {
                    flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
                }
                yield new Sent(n, null, flipped, Expect.EITHER);
            }
            case 18 -> {
                event.put("id", event.get("id").asText() + pick("\\", "'", "\"", "<script>", "/x", " "));
                yield new Sent(n, null, bytes(event), Expect.REFUSED);
            }
            default -> {
                ((ObjectNode) event.get("data")).putArray("extra").add(random.nextDouble()).addNull()
                        .add(Long.MAX_VALUE).addObject().put("", "");
                yield new Sent(n, null, bytes(event), Expect.RECORDED);
            }
        };
    }

    /** A valid event of a random type about one of the run's subjects, with an id of its own. */
    private ObjectNode valid(int n) {
        String app = pick(APPS.toArray(String[]::new));
        String subject = run + "-s" + random.nextInt(64);
        String time = "2026-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T0" + random.nextInt(10)
                + ":00:00Z";
        String consent = run + "-c" + random.nextInt(8);
        ObjectNode event = switch (random.nextInt(6)) {
            case 0 -> Events.granted(app, subject, time, consent, List.of("user.contact"), List.of("fz-b"));
            case 1 -> Events.collected(app, subject, time, consent, List.of("user.contact.email"));
            case 2 -> Events.transferred(app, subject, time, run + "-t" + n, pick("fz-b", "nowhere"),
                    List.of("user.contact.email"));
            case 3 -> Events.withdrawn(app, subject, time, consent);
            case 4 -> Events.event("data.received", app, subject, time, Map.of("transferId", run + "-t" + random.nextInt(n + 1),
                    "sender", pick(APPS.toArray(String[]::new))));
            default -> Events.erased(app, subject, time, random.nextBoolean() ? null : List.of("user.contact"));
        };
        return event.put("id", run + "-m" + n);
    }

    /** The envelope or its data, at random. */
    private ObjectNode pick(ObjectNode event) {
        return random.nextBoolean() ? event : (ObjectNode) event.get("data");
    }

    private String pickField(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Marks {@code §D800§} as the JSON escape of a lone surrogate, which Java's UTF-8 encoder would turn into '?'. */
    private static final String LONE = "\u00a7";

    private static byte[] bytes(JsonNode event) {
        return event.toString().replaceAll(LONE + "([0-9A-F]{4})" + LONE, "\\\\u$1").getBytes(StandardCharsets.UTF_8);
    }

    // --- the accounting --------------------------------------------------------------------------

    /** (app, id) as the record claims them, read leniently; a record without both must be dead-lettered. */
    private static List<String> key(byte[] value) {
        try {
            JsonNode node = TestStack.JSON.readTree(value);
            String source = node.path("source").asText("");
            return List.of(source.startsWith("/apps/") ? source.substring("/apps/".length()) : "?", node.path("id").asText("?"));
        } catch (Exception e) {
            return List.of("?", "?");
        }
    }

    private static List<Integer> unaccounted(List<Sent> sent, Map<Integer, List<String>> deadLettered, JdbcTemplate db) {
        List<Integer> open = new ArrayList<>();
        Map<List<String>, Integer> keys = new HashMap<>();
        for (Sent record : sent) {
            if (!deadLettered.containsKey(record.n())) {
                keys.put(key(record.value()), record.n());
            }
        }
        Set<List<String>> projected = recorded(db, keys.keySet(), "query.history_entry", "entry_app", "entry_id");
        keys.forEach((key, n) -> {
            if (!projected.contains(key)) {
                open.add(n);
            }
        });
        return open;
    }

    /** Which of these (app, id) keys the table holds. */
    private static Set<List<String>> recorded(JdbcTemplate db, Set<List<String>> keys, String table, String appColumn,
                                              String idColumn) {
        String[] ids = keys.stream().map(k -> k.get(1).replace("\u0000", "")).toArray(String[]::new);
        Set<List<String>> found = new HashSet<>();
        db.query("select " + appColumn + ", " + idColumn + " from " + table + " where " + idColumn + " = any(?)", ps ->
                ps.setArray(1, ps.getConnection().createArrayOf("text", ids)),
                rs -> {
                    found.add(List.of(rs.getString(1), rs.getString(2)));
                });
        return found;
    }

    /** Reads the dead-letter topic up to where it stands now. */
    private void collect(KafkaConsumer<byte[], byte[]> letters, Map<Integer, List<String>> deadLettered) {
        for (ConsumerRecords<byte[], byte[]> poll = letters.poll(Duration.ofMillis(500)); !poll.isEmpty();
             poll = letters.poll(Duration.ofMillis(200))) {
            for (ConsumerRecord<byte[], byte[]> letter : poll) {
                if (run.equals(TestStack.header(letter, "fuzz-run"))) {
                    deadLettered.computeIfAbsent(Integer.parseInt(TestStack.header(letter, "fuzz-record")),
                            n -> new ArrayList<>()).add(TestStack.header(letter, "ledger-error-code"));
                }
            }
        }
    }

    /** One valid event on every partition after the storm: each visible means no partition stalled. */
    private void finalEventOnEveryPartition(DevStack stack, JdbcTemplate db) {
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            for (int partition = 0; partition < PARTITIONS; partition++) {
                String subject = run + "-last" + partition;
                ObjectNode last = Events.collected("fz-a", subject, "2026-06-01T00:00:00Z", "c-none", List.of("user.name"));
                ids.add(last.get("id").asText());
                producer.send(new ProducerRecord<>(AppTopics.ingest("fz-a"), partition, subject, bytes(last)));
            }
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> db.queryForObject(
                "select count(*) from query.history_entry where entry_id = any(?)", Long.class,
                (Object) ids.toArray(String[]::new)) == PARTITIONS);
    }

    private static String status(String serviceUrl) {
        return TestStack.get(serviceUrl + "/actuator/health").body().get("status").asText();
    }

    private static String text(Sent record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer(DevStack stack) {
        return new KafkaProducer<>(TestStack.producerConfig(stack.kafkaAdminConfig()), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static KafkaConsumer<byte[], byte[]> deadLetterConsumer(DevStack stack) {
        Properties config = new Properties();
        config.putAll(stack.kafkaAdminConfig());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(APPS.stream().map(AppTopics::deadLetters).toList());
        return consumer;
    }
}
