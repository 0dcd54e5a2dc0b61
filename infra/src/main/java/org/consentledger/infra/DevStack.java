package org.consentledger.infra;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import org.consentledger.ledger.LedgerApplication;
import org.consentledger.query.QueryApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole ledger on one machine: PostgreSQL and a KRaft Kafka broker (both embedded unless
 * {@code LEDGER_DB_URL} / {@code LEDGER_KAFKA_BOOTSTRAP} point elsewhere), ledger-service and
 * query-service. Data lives in {@code LEDGER_DATA_DIR} (default {@code ./ledger-data}), so a restart,
 * even after kill -9, continues where the last run stopped.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);

    /** Where each part listens; every value can be overridden by an environment variable. */
    public record Settings(Path dataDir, int dbPort, int kafkaPort, int kafkaControllerPort, int ledgerPort,
                           int queryPort, String externalDbUrl, String externalKafka) {

        static Settings fromEnvironment(Map<String, String> env) {
            return new Settings(
                    Path.of(env.getOrDefault("LEDGER_DATA_DIR", "ledger-data")).toAbsolutePath(),
                    Integer.parseInt(env.getOrDefault("LEDGER_DB_PORT", "54320")),
                    Integer.parseInt(env.getOrDefault("LEDGER_KAFKA_PORT", "9092")),
                    Integer.parseInt(env.getOrDefault("LEDGER_KAFKA_CONTROLLER_PORT", "9093")),
                    Integer.parseInt(env.getOrDefault("LEDGER_HTTP_PORT", "8081")),
                    Integer.parseInt(env.getOrDefault("QUERY_HTTP_PORT", "8082")),
                    env.get("LEDGER_DB_URL"),
                    env.get("LEDGER_KAFKA_BOOTSTRAP"));
        }
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Settings settings;
    private String dbUrl;
    private String kafka;

    private DevStack(Settings settings) {
        this.settings = settings;
    }

    public static DevStack start(Settings settings) {
        DevStack stack = new DevStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        if (settings.externalDbUrl() != null) {
            dbUrl = settings.externalDbUrl();
        } else {
            EmbeddedDatabase db = EmbeddedDatabase.start(settings.dataDir().resolve("postgres"), settings.dbPort());
            started.push(db);
            dbUrl = db.jdbcUrl();
        }
        log.info("PostgreSQL at {}", dbUrl);
        if (settings.externalKafka() != null) {
            kafka = settings.externalKafka();
        } else {
            EmbeddedKafka broker = EmbeddedKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort());
            started.push(broker);
            kafka = broker.bootstrapServers();
        }
        log.info("Kafka at {}", kafka);
        started.push(LedgerApplication.start(
                "--server.port=" + settings.ledgerPort(),
                "--spring.datasource.url=" + dbUrl,
                "--spring.kafka.bootstrap-servers=" + kafka)::close);
        started.push(QueryApplication.start(
                "--server.port=" + settings.queryPort(),
                "--spring.datasource.url=" + dbUrl)::close);
    }

    public Settings settings() {
        return settings;
    }

    public String kafkaBootstrap() {
        return kafka;
    }

    public String dbUrl() {
        return dbUrl;
    }

    public String ledgerUrl() {
        return "http://localhost:" + settings.ledgerPort();
    }

    public String queryUrl() {
        return "http://localhost:" + settings.queryPort();
    }

    /** Stops everything it started, last started first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("stopping a part of the dev stack failed", e);
            }
        }
    }

    public static void main(String[] args) {
        boolean demo = Arrays.asList(args).contains("--demo");
        DevStack stack = start(Settings.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "dev-stack-shutdown"));
        String subject = demo ? new DemoStory(stack.ledgerUrl(), stack.kafkaBootstrap()).play() : null;
        System.out.println(banner(stack, subject));
    }

    private static String banner(DevStack stack, String demoSubject) {
        StringBuilder text = new StringBuilder()
                .append("\nConsent Ledger is running. Ctrl-C stops everything.\n")
                .append("  ledger-service (command side)  ").append(stack.ledgerUrl()).append('\n')
                .append("  query-service  (read side)     ").append(stack.queryUrl()).append('\n')
                .append("  Kafka                          ").append(stack.kafkaBootstrap())
                .append("  (topic ledger.events, dead letters on ledger.events.dlq)\n")
                .append("  PostgreSQL                     ").append(stack.dbUrl()).append('\n')
                .append("  data directory                 ").append(stack.settings().dataDir()).append('\n');
        if (demoSubject != null) {
            text.append("\nWho holds what about the demo person:\n  curl -s ")
                    .append(stack.queryUrl()).append("/api/v1/subjects/").append(demoSubject).append("/holdings\n")
                    .append("As it stood before the transfers:\n  curl -s '")
                    .append(stack.queryUrl()).append("/api/v1/subjects/").append(demoSubject)
                    .append("/holdings?asOf=").append(DemoStory.BEFORE_TRANSFERS).append("'\n")
                    .append("What went wrong:\n  curl -s '").append(stack.queryUrl())
                    .append("/api/v1/audit/violations?subject=").append(demoSubject).append("'\n")
                    .append("The auditor page, and the person's report:\n  ").append(stack.queryUrl())
                    .append("/?subject=").append(demoSubject).append('\n');
        }
        return text.toString();
    }
}
