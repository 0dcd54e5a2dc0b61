package org.consentledger.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
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
 * {@code ./ledger-data}), so a restart, even after kill -9, continues where the last run stopped. The
 * admin and auditor secrets are issued once per data directory and kept in {@code dev-credentials.json}
 * there (mode 0600), with the Kafka super user and the demo apps' credentials; the file is written
 * again at every start, and its secrets change only when asked to ({@code --rotate-credentials}).
 * Its parts stop in the reverse order they started (the services before the broker and PostgreSQL),
 * on {@link #close()} only: none of them registers a shutdown hook of its own.
 */
public final class DevStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevStack.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where each part listens and keeps its data; every value can be overridden by an environment
     * variable. {@code bindAddress} is the interface every port listens on (localhost unless told).
     */
    public record Settings(Path dataDir, String bindAddress, int dbPort, int kafkaPort, int kafkaControllerPort,
                           int ledgerPort, int queryPort, int issuerPort, String externalDbUrl, String externalKafka,
                           String externalKafkaPassword) {

        static Settings fromEnvironment(Map<String, String> env) {
            return new Settings(
                    Path.of(env.getOrDefault("LEDGER_DATA_DIR", "ledger-data")).toAbsolutePath(),
                    env.getOrDefault("LEDGER_BIND_ADDRESS", "localhost"),
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
    private Clients clients;
    private String adminSecret;
    private String auditorSecret;
    private final Map<String, JsonNode> appCredentials = new LinkedHashMap<>();
    private ConfigurableApplicationContext ledgerContext;
    private ConfigurableApplicationContext queryContext;

    private DevStack(Settings settings) {
        this.settings = settings;
    }

    public static DevStack start(Settings settings) {
        return start(settings, false);
    }

    /** Starts the stack; with {@code rotateCredentials} the admin's and auditor's secrets are issued anew. */
    public static DevStack start(Settings settings, boolean rotateCredentials) {
        DevStack stack = new DevStack(settings);
        try {
            stack.startAll(rotateCredentials);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(boolean rotateCredentials) {
        if (settings.externalDbUrl() != null) {
            dbUrl = settings.externalDbUrl();
        } else {
            EmbeddedDatabase db = EmbeddedDatabase.start(settings.dataDir().resolve("postgres"), settings.dbPort(),
                    settings.bindAddress());
            started.push(db);
            dbUrl = db.jdbcUrl();
        }
        log.info("PostgreSQL at {}", dbUrl);
        if (settings.externalKafka() != null) {
            kafka = settings.externalKafka();
            kafkaPassword = settings.externalKafkaPassword();
        } else {
            EmbeddedKafka broker = EmbeddedKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort(),
                    settings.kafkaControllerPort(), settings.bindAddress());
            started.push(broker);
            kafka = broker.bootstrapServers();
            kafkaPassword = broker.adminPassword();
        }
        log.info("Kafka at {}", kafka);
        ConfigurableApplicationContext issuer = IssuerApplication.start(springArgs("issuer", settings.issuerPort(),
                "--ledger.issuer.uri=" + issuerUrl(),
                "--ledger.issuer.browser-origins=" + queryUrl()));
        started.push(issuer::close);
        clients = new Clients(issuer.getBean(JdbcTemplate.class));
        JsonNode kept = rotateCredentials ? JSON.createObjectNode() : keptCredentials();
        adminSecret = keptOrIssued(kept.path("clients").path("admin"), ADMIN_CLIENT, "admin");
        auditorSecret = keptOrIssued(kept.path("clients").path("auditor"), AUDITOR_CLIENT, "auditor");
        kept.path("apps").fields().forEachRemaining(app -> {
            if (stillValid(app.getValue())) {
                appCredentials.put(app.getKey(), app.getValue());
            }
        });
        log.info("token issuer at {}", issuerUrl());
        List<String> ledgerArgs = new ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--ledger.issuer-uri=" + issuerUrl(),
                "--ledger.query-url=" + queryUrl()));
        if (kafkaPassword != null) {
            ledgerArgs.add("--spring.kafka.properties.sasl.jaas.config=" + EmbeddedKafka.jaas(
                    ScramLoginModule.class.getName(), EmbeddedKafka.ADMIN_USER, kafkaPassword));
        }
        String readSide = "--ledger.accesses.kafka.password=" + Secrets.readSideKafkaPassword(settings.dataDir());
        ledgerArgs.add(readSide);
        ledgerContext = LedgerApplication.start(springArgs("ledger-service", settings.ledgerPort(),
                ledgerArgs.toArray(String[]::new)));
        started.push(ledgerContext::close);
        queryContext = QueryApplication.start(springArgs("query-service", settings.queryPort(),
                "--ledger.security.issuers=" + issuerUrl(), "--ledger.accesses.kafka.bootstrap=" + kafka, readSide));
        started.push(queryContext::close);
        writeCredentials();
    }

    /**
     * What every Spring context of the stack is started with: its port on the bind address, its
     * working files in the data directory, no banner or startup lines on the console, and no shutdown
     * hook of its own (the stack closes it before what it depends on).
     */
    private String[] springArgs(String name, int port, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=" + settings.bindAddress(),
                "--server.tomcat.basedir=" + settings.dataDir().resolve("tomcat").resolve(name),
                "--spring.datasource.url=" + dbUrl,
                "--ledger.keys.master-key-file=" + Secrets.masterKeyFile(settings.dataDir()),
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--spring.main.register-shutdown-hook=false"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The credentials file of the last start, or an empty object. */
    private JsonNode keptCredentials() {
        Path file = credentialsFile();
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            log.warn("{} cannot be read ({}): new admin and auditor secrets are issued", file, e.getMessage());
            return JSON.createObjectNode();
        }
    }

    /** The secret kept for {@code clientId} when the issuer still accepts it, else a new one. */
    private String keptOrIssued(JsonNode kept, String clientId, String role) {
        String secret = kept.path("clientSecret").asText(null);
        return clientId.equals(kept.path("clientId").asText()) && clients.accepts(clientId, secret)
                ? secret : clients.issue(clientId, role, null);
    }

    /** Whether an app's credentials answer (as the ledger issued them) still hold its current secret. */
    private boolean stillValid(JsonNode appCredentials) {
        JsonNode oauth = appCredentials.path("oauth");
        return clients.accepts(oauth.path("clientId").asText(), oauth.path("clientSecret").asText(null));
    }

    /** Keeps an app's credentials (as the ledger answered them) in {@code dev-credentials.json}. */
    void keepAppCredentials(String appId, JsonNode credentials) {
        appCredentials.put(appId, credentials);
        writeCredentials();
    }

    /** The credentials of an app kept in {@code dev-credentials.json} and valid at the stack's start, if any. */
    JsonNode appCredentials(String appId) {
        return appCredentials.get(appId);
    }

    /**
     * Writes {@code dev-credentials.json}: the token endpoint, the admin and auditor clients, the
     * Kafka super user, PostgreSQL's user, and the apps' credentials kept (the demo's).
     */
    private void writeCredentials() {
        ObjectNode file = JSON.createObjectNode().put("tokenEndpoint", tokenEndpoint());
        ObjectNode clientSecrets = file.putObject("clients");
        clientSecrets.putObject("admin").put("clientId", ADMIN_CLIENT).put("clientSecret", adminSecret);
        clientSecrets.putObject("auditor").put("clientId", AUDITOR_CLIENT).put("clientSecret", auditorSecret);
        ObjectNode broker = file.putObject("kafka").put("bootstrap", kafka)
                .put("securityProtocol", EmbeddedKafka.SECURITY_PROTOCOL).put("saslMechanism", EmbeddedKafka.SASL_MECHANISM);
        broker.putObject("admin").put("username", EmbeddedKafka.ADMIN_USER).put("password", kafkaPassword);
        file.putObject("postgres").put("user", "postgres").put("password", "");
        ObjectNode apps = file.putObject("apps");
        appCredentials.forEach(apps::set);
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

    /** {@code [--demo] [--rotate-credentials]}: starts the stack until the JVM is stopped (Ctrl-C). */
    public static void main(String[] args) {
        List<String> options = Arrays.asList(args);
        List<String> unknown = options.stream().filter(o -> !o.equals("--demo") && !o.equals("--rotate-credentials")).toList();
        if (!unknown.isEmpty()) {
            System.err.println("unknown option " + unknown.get(0) + "\n" + Launcher.USAGE);
            System.exit(2);
        }
        DevStack stack;
        try {
            stack = start(Settings.fromEnvironment(System.getenv()), options.contains("--rotate-credentials"));
        } catch (RuntimeException e) {
            // the services' own refusals (an older ledger, a wrong master key) end deep in Spring's causes
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            System.err.println("\nConsent Ledger did not start: " + cause.getMessage());
            System.exit(1);
            return;
        }
        // on the console itself: the services' logging is shut down with them
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Consent Ledger ...");
            stack.close();
            System.out.println("Stopped.");
        }, "dev-stack-shutdown"));
        String subject = null;
        if (options.contains("--demo")) {
            subject = new DemoStory(stack).play();
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
                .append("\nA token of any client in that file (with curl and jq):\n")
                .append("  token() { curl -s -d grant_type=client_credentials -u \"$(jq -r \"$1 | .clientId + \\\":\\\" + .clientSecret\" ")
                .append("\"${2:-").append(stack.credentialsFile()).append("}\")\" ").append(stack.tokenEndpoint())
                .append(" | jq -r .access_token; }\n");
        if (demoSubject != null) {
            String auditor = "  curl -s --oauth2-bearer \"$(token .clients.auditor)\" '" + stack.queryUrl();
            text.append("\nWho holds what about the demo person:\n").append(auditor).append("/api/v1/subjects/")
                    .append(demoSubject).append("/holdings'\n")
                    .append("As it stood before the transfers:\n").append(auditor).append("/api/v1/subjects/")
                    .append(demoSubject).append("/holdings?asOf=").append(DemoStory.BEFORE_TRANSFERS).append("'\n")
                    .append("What went wrong:\n").append(auditor).append("/api/v1/audit/violations?subject=")
                    .append(demoSubject).append("'\n")
                    .append("The auditor page (sign in with the auditor client above):\n  ").append(stack.queryUrl())
                    .append("/?subject=").append(demoSubject).append('\n');
        }
        return text.toString();
    }
}
