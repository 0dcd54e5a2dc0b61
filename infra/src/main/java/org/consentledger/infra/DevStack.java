package org.consentledger.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.consentledger.issuer.Clients;
import org.consentledger.issuer.IssuerApplication;
import org.consentledger.ledger.LedgerApplication;
import org.consentledger.query.QueryApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole ledger on one machine: PostgreSQL and a KRaft Kafka broker with SASL and ACLs (both
 * embedded unless {@code LEDGER_DB_URL} / {@code LEDGER_KAFKA_BOOTSTRAP} point elsewhere), the token
 * issuer, ledger-service and query-service. Data lives in {@code LEDGER_DATA_DIR} (default
 * {@code ./ledger-data}), so a restart, even after kill -9, continues where the last run stopped. At
 * every start it issues fresh admin and auditor secrets and writes them, with the Kafka super user,
 * to {@code dev-credentials.json} there (mode 0600).
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where each part listens; every value can be overridden by an environment variable. */
    public record Settings(Path dataDir, int dbPort, int kafkaPort, int kafkaControllerPort, int ledgerPort,
                           int queryPort, int issuerPort, String externalDbUrl, String externalKafka,
                           String externalKafkaPassword) {

        static Settings fromEnvironment(Map<String, String> env) {
            return new Settings(
                    Path.of(env.getOrDefault("LEDGER_DATA_DIR", "ledger-data")).toAbsolutePath(),
                    Integer.parseInt(env.getOrDefault("LEDGER_DB_PORT", "54320")),
                    Integer.parseInt(env.getOrDefault("LEDGER_KAFKA_PORT", "9092")),
                    Integer.parseInt(env.getOrDefault("LEDGER_KAFKA_CONTROLLER_PORT", "9093")),
                    Integer.parseInt(env.getOrDefault("LEDGER_HTTP_PORT", "8081")),
                    Integer.parseInt(env.getOrDefault("QUERY_HTTP_PORT", "8082")),
                    Integer.parseInt(env.getOrDefault("LEDGER_ISSUER_PORT", "8083")),
                    env.get("LEDGER_DB_URL"),
                    env.get("LEDGER_KAFKA_BOOTSTRAP"),
                    env.get("LEDGER_KAFKA_PASSWORD"));
        }
    }

    public static final String ADMIN_CLIENT = "ledger-admin";
    public static final String AUDITOR_CLIENT = "ledger-auditor";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Settings settings;
    private String dbUrl;
    private String kafka;
    private String kafkaPassword;
    private String adminSecret;
    private String auditorSecret;
    private ConfigurableApplicationContext ledgerContext;
    private ConfigurableApplicationContext queryContext;

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
            kafkaPassword = settings.externalKafkaPassword();
        } else {
            EmbeddedKafka broker = EmbeddedKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort());
            started.push(broker);
            kafka = broker.bootstrapServers();
            kafkaPassword = broker.adminPassword();
        }
        log.info("Kafka at {}", kafka);
        ConfigurableApplicationContext issuer = IssuerApplication.start(
                "--server.port=" + settings.issuerPort(),
                "--spring.datasource.url=" + dbUrl,
                "--ledger.issuer.uri=" + issuerUrl(),
                "--ledger.issuer.browser-origins=" + queryUrl());
        started.push(issuer::close);
        Clients clients = new Clients(issuer.getBean(JdbcTemplate.class));
        adminSecret = clients.issue(ADMIN_CLIENT, "admin", null);
        auditorSecret = clients.issue(AUDITOR_CLIENT, "auditor", null);
        log.info("token issuer at {}", issuerUrl());
        List<String> ledgerArgs = new ArrayList<>(List.of(
                "--server.port=" + settings.ledgerPort(),
                "--spring.datasource.url=" + dbUrl,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--ledger.issuer-uri=" + issuerUrl(),
                "--ledger.query-url=" + queryUrl()));
        if (kafkaPassword != null) {
            ledgerArgs.add("--spring.kafka.properties.sasl.jaas.config=" + EmbeddedKafka.jaas(
                    ScramLoginModule.class.getName(), EmbeddedKafka.ADMIN_USER, kafkaPassword));
        }
        ledgerContext = LedgerApplication.start(ledgerArgs.toArray(String[]::new));
        started.push(ledgerContext::close);
        queryContext = QueryApplication.start(
                "--server.port=" + settings.queryPort(),
                "--spring.datasource.url=" + dbUrl,
                "--ledger.security.issuers=" + issuerUrl());
        started.push(queryContext::close);
        writeCredentials(Map.of());
    }

    /**
     * Writes {@code dev-credentials.json}: the token endpoint, the admin and auditor clients, the
     * Kafka super user, and the credentials of the apps given (the demo's).
     */
    void writeCredentials(Map<String, JsonNode> apps) {
        ObjectNode file = JSON.createObjectNode().put("tokenEndpoint", tokenEndpoint());
        ObjectNode clients = file.putObject("clients");
        clients.putObject("admin").put("clientId", ADMIN_CLIENT).put("clientSecret", adminSecret);
        clients.putObject("auditor").put("clientId", AUDITOR_CLIENT).put("clientSecret", auditorSecret);
        ObjectNode broker = file.putObject("kafka").put("bootstrap", kafka)
                .put("securityProtocol", EmbeddedKafka.SECURITY_PROTOCOL).put("saslMechanism", EmbeddedKafka.SASL_MECHANISM);
        broker.putObject("admin").put("username", EmbeddedKafka.ADMIN_USER).put("password", kafkaPassword);
        file.putObject("postgres").put("user", "postgres").put("password", "");
        ObjectNode appCredentials = file.putObject("apps");
        apps.forEach(appCredentials::set);
        Secrets.write(credentialsFile(), file.toPrettyString());
    }

    public Path credentialsFile() {
        return settings.dataDir().resolve("dev-credentials.json");
    }

    public String issuerUrl() {
        return "http://localhost:" + settings.issuerPort();
    }

    public String tokenEndpoint() {
        return issuerUrl() + "/oauth2/token";
    }

    /** A client of the REST API as the dev stack's admin. */
    public LedgerClient admin() {
        return new LedgerClient(tokenEndpoint(), ADMIN_CLIENT, adminSecret);
    }

    /** A client of the REST API as the dev stack's auditor. */
    public LedgerClient auditor() {
        return new LedgerClient(tokenEndpoint(), AUDITOR_CLIENT, auditorSecret);
    }

    /** Kafka client settings of the broker's super user. */
    public Map<String, Object> kafkaAdminConfig() {
        return EmbeddedKafka.clientConfig(kafka, EmbeddedKafka.ADMIN_USER, kafkaPassword);
    }

    public ConfigurableApplicationContext ledgerContext() {
        return ledgerContext;
    }

    public ConfigurableApplicationContext queryContext() {
        return queryContext;
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
        String subject = null;
        if (demo) {
            DemoStory story = new DemoStory(stack);
            subject = story.play();
            stack.writeCredentials(story.credentials());
        }
        System.out.println(banner(stack, subject));
    }

    private static String banner(DevStack stack, String demoSubject) {
        StringBuilder text = new StringBuilder()
                .append("\nConsent Ledger is running. Ctrl-C stops everything.\n")
                .append("  ledger-service (command side)  ").append(stack.ledgerUrl()).append('\n')
                .append("  query-service  (read side)     ").append(stack.queryUrl()).append('\n')
                .append("  token issuer                   ").append(stack.issuerUrl()).append('\n')
                .append("  Kafka                          ").append(stack.kafkaBootstrap())
                .append("  (SASL SCRAM-SHA-512; app X writes ledger.app.X, reads ledger.dlq.X)\n")
                .append("  PostgreSQL                     ").append(stack.dbUrl()).append('\n')
                .append("  data directory                 ").append(stack.settings().dataDir()).append('\n')
                .append("  credentials                    ").append(stack.credentialsFile())
                .append("  (admin, auditor, Kafka super user")
                .append(demoSubject != null ? ", demo apps)\n" : ")\n")
                .append("\nAn auditor's token (with jq):\n  TOKEN=$(curl -s -d grant_type=client_credentials -u \"$(jq -r ")
                .append("'.clients.auditor | .clientId + \":\" + .clientSecret' ").append(stack.credentialsFile())
                .append(")\" ").append(stack.tokenEndpoint()).append(" | jq -r .access_token)\n");
        if (demoSubject != null) {
            text.append("\nWho holds what about the demo person:\n  curl -s -H \"Authorization: Bearer $TOKEN\" ")
                    .append(stack.queryUrl()).append("/api/v1/subjects/").append(demoSubject).append("/holdings\n")
                    .append("As it stood before the transfers:\n  curl -s -H \"Authorization: Bearer $TOKEN\" '")
                    .append(stack.queryUrl()).append("/api/v1/subjects/").append(demoSubject)
                    .append("/holdings?asOf=").append(DemoStory.BEFORE_TRANSFERS).append("'\n")
                    .append("What went wrong:\n  curl -s -H \"Authorization: Bearer $TOKEN\" '").append(stack.queryUrl())
                    .append("/api/v1/audit/violations?subject=").append(demoSubject).append("'\n")
                    .append("The auditor page (sign in with the auditor client above):\n  ").append(stack.queryUrl())
                    .append("/?subject=").append(demoSubject).append('\n');
        }
        return text.toString();
    }
}
