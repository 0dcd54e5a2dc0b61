package org.consentledger.infra;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts a main class of this project in a JVM of its own, as a user or an operator would run it. */
final class ChildJvm {

    private ChildJvm() {
    }

    /** Starts {@code mainClass args} with the test's classpath and waits until its log shows {@code ready}. */
    static Process start(Path log, Map<String, String> env, String ready, String mainClass, String... args) {
        return start(log, env, System.getProperty("java.class.path"), ready, mainClass, args);
    }

    /**
     * As {@link #start(Path, Map, String, String, String...)}, without the test classes on the
     * classpath: as the dev jar runs, with its own logging configuration.
     */
    static Process startAsUser(Path log, Map<String, String> env, String ready, String mainClass, String... args) {
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().equals(testClasses))
                .collect(Collectors.joining(File.pathSeparator));
        return start(log, env, classpath, ready, mainClass, args);
    }

    private static Process start(Path log, Map<String, String> env, String classpath, String ready, String mainClass,
                                 String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process process = builder.start();
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                String text = Files.readString(log);
                if (!process.isAlive()) {
                    throw new IllegalStateException(mainClass + " exited: " + text.substring((int) Math.min(offset, text.length())));
                }
                return text.substring((int) Math.min(offset, text.length())).contains(ready);
            });
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dev stack's settings as environment variables. */
    static Map<String, String> stackEnvironment(DevStack.Settings settings) {
        return Map.of(
                "LEDGER_DATA_DIR", settings.dataDir().toString(),
                "LEDGER_DB_PORT", Integer.toString(settings.dbPort()),
                "LEDGER_KAFKA_PORT", Integer.toString(settings.kafkaPort()),
                "LEDGER_KAFKA_CONTROLLER_PORT", Integer.toString(settings.kafkaControllerPort()),
                "LEDGER_HTTP_PORT", Integer.toString(settings.ledgerPort()),
                "QUERY_HTTP_PORT", Integer.toString(settings.queryPort()),
                "LEDGER_ISSUER_PORT", Integer.toString(settings.issuerPort()));
    }

    /** The {@code dev-credentials.json} a stack with these settings wrote at its latest start. */
    static JsonNode credentials(DevStack.Settings settings) {
        try {
            return TestStack.JSON.readTree(settings.dataDir().resolve("dev-credentials.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A REST client of that stack as its {@code admin} or {@code auditor}. */
    static LedgerClient client(DevStack.Settings settings, String role) {
        JsonNode credentials = credentials(settings);
        JsonNode client = credentials.get("clients").get(role);
        return new LedgerClient(credentials.get("tokenEndpoint").asText(), client.get("clientId").asText(),
                client.get("clientSecret").asText());
    }

    /** Kafka client settings of that stack's super user. */
    static Map<String, Object> kafkaAdmin(DevStack.Settings settings) {
        JsonNode kafka = credentials(settings).get("kafka");
        return EmbeddedKafka.clientConfig(kafka.get("bootstrap").asText(), kafka.get("admin").get("username").asText(),
                kafka.get("admin").get("password").asText());
    }

    static void stop(Process process) {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void kill9(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
