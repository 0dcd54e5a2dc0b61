package org.consentledger.infra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode, in this JVM. Its log directory is kept between
 * runs (formatted once), so topics and committed offsets survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrap;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrap) {
        this.server = server;
        this.bootstrap = bootstrap;
    }

    public static EmbeddedKafka start(Path directory, int port, int controllerPort) {
        try {
            Path logs = Files.createDirectories(directory.resolve("logs"));
            Properties config = config(logs, port, controllerPort);
            if (!Files.exists(logs.resolve("meta.properties"))) {
                format(directory, config);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, "localhost:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private static Properties config(Path logs, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logs.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private static void format(Path directory, Properties config) throws IOException {
        Path file = directory.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "written by the dev stack to format the KRaft log directory");
        }
        String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", file.toString(),
            "--ignore-formatted"};
        int exit = StorageTool.execute(args, new PrintStream(OutputStream.nullOutputStream()));
        if (exit != 0) {
            throw new IllegalStateException("formatting the Kafka log directory " + directory + " failed: exit " + exit);
        }
    }
}
