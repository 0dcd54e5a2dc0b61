package org.consentledger.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.plain.PlainLoginModule;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode, in this JVM, as secured as a production cluster:
 * every client authenticates (SCRAM-SHA-512), {@code StandardAuthorizer} allows nothing without an
 * ACL, and only the ledger's own user {@value #ADMIN_USER} is a super user. That user is created when
 * the log directory is formatted (once; its password is kept beside it, mode 0600), because SCRAM
 * users live in the cluster's metadata; the controller listener, where SCRAM cannot be used, takes
 * the same user by SASL/PLAIN. Topics, users, ACLs and committed offsets survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final String ADMIN_USER = "ledger";
    public static final String SECURITY_PROTOCOL = "SASL_PLAINTEXT";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final String adminPassword;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap, String adminPassword) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.adminPassword = adminPassword;
    }

    public static EmbeddedKafka start(Path directory, int port, int controllerPort) {
        return start(directory, port, controllerPort, "localhost");
    }

    /**
     * Starts the broker with its client listener on {@code host} (a wildcard such as 0.0.0.0 listens on
     * every interface and advertises the machine's name); the controller listens on localhost only.
     */
    public static EmbeddedKafka start(Path directory, int port, int controllerPort, String host) {
        try {
            Path logs = Files.createDirectories(directory.resolve("logs"));
            Path passwordFile = directory.resolve("admin.password");
            boolean formatted = Files.exists(logs.resolve("meta.properties"));
            if (formatted && !Files.exists(passwordFile)) {
                throw new IllegalStateException("the Kafka log directory " + logs + " was formatted without SASL users; "
                        + "delete " + directory + " to start a secured broker (the ledger's data in PostgreSQL stays)");
            }
            if (!formatted) {
                Files.deleteIfExists(passwordFile);
                Files.writeString(Files.createFile(passwordFile, Secrets.ownerOnly()), UUID.randomUUID().toString());
            }
            String password = Files.readString(passwordFile).strip();
            String advertised = advertised(host);
            Properties config = config(logs, host, advertised, port, controllerPort, password);
            if (!formatted) {
                format(directory, config, password);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, advertised + ":" + port, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The password of the super user {@value #ADMIN_USER}. */
    public String adminPassword() {
        return adminPassword;
    }

    /** Client settings of a user of this broker (the JAAS line quotes the password). */
    public static Map<String, Object> clientConfig(String bootstrap, String user, String password) {
        return Map.of("bootstrap.servers", bootstrap, "security.protocol", SECURITY_PROTOCOL,
                "sasl.mechanism", SASL_MECHANISM, "sasl.jaas.config", jaas(ScramLoginModule.class.getName(), user, password));
    }

    /** The JAAS line for {@code user}. */
    public static String jaas(String loginModule, String user, String password) {
        return loginModule + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** Runs a broker on its own: {@code EmbeddedKafka <directory> <port> <controllerPort>}, until stopped. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka broker = start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        System.out.println("Kafka broker running at " + broker.bootstrapServers());
        Thread.currentThread().join();
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static String advertised(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress() ? InetAddress.getLocalHost().getCanonicalHostName() : host;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot listen on '" + host + "': " + e.getMessage(), e);
        }
    }

    private static Properties config(Path logs, String host, String advertised, int port, int controllerPort,
                                     String password) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "SASL_PLAINTEXT://" + host + ":" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "SASL_PLAINTEXT://" + advertised + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SASL_MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", SASL_MECHANISM);
        p.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                jaas(ScramLoginModule.class.getName(), ADMIN_USER, password));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", PlainLoginModule.class.getName()
                + " required username=\"" + ADMIN_USER + "\" password=\"" + password + "\" user_" + ADMIN_USER
                + "=\"" + password + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:" + ADMIN_USER);
        // connections re-authenticate within a minute, so a rotated password stops working by then
        p.put("connections.max.reauth.ms", "60000");
        p.put("log.dirs", logs.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void format(Path directory, Properties config, String password) throws IOException {
        Path file = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "written by the dev stack to format the KRaft log directory");
        }
        String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", file.toString(),
            "--ignore-formatted", "--add-scram", SASL_MECHANISM + "=[name=" + ADMIN_USER + ",password=" + password + "]"};
        int exit = StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
        if (exit != 0) {
            throw new IllegalStateException("formatting the Kafka log directory " + directory + " failed: exit " + exit);
        }
    }
}
