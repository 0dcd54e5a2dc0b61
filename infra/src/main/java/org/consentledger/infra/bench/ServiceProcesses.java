package org.consentledger.infra.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.consentledger.infra.Secrets;
import org.consentledger.ledger.LedgerApplication;
import org.consentledger.query.QueryApplication;


/**
 * ledger-service and query-service instances, each in a JVM of its own with a 512 MB heap, as in
 * production, against the bench's PostgreSQL and Kafka; samples each one's heap while it runs.
 */
final class ServiceProcesses implements AutoCloseable {

    private static final String HEAP = "-Xmx512m";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** How each service is started, and where it answers. */
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private final Path logDir;
    private final Map<String, String> urls = new ConcurrentSkipListMap<>();
    private final Map<String, Double> peakHeapMb = new ConcurrentHashMap<>();
    /** The views processor's segments per query-service (the service's default for one instance). */
    static final int VIEWS_SEGMENTS_PER_INSTANCE = 2;

    private final Thread sampler;
    private final Supplier<String> adminToken;

    /**
     * @param kafkaJaas  the ledger's own login to the broker
     * @param issuer     the token issuer both services trust
     * @param adminToken an admin's token, for the services' metrics
     */
    ServiceProcesses(Path logDir, int instances, String dbUrl, String kafka, String kafkaJaas, String issuer,
                     Supplier<String> adminToken, int ledgerPort, int queryPort) throws IOException, InterruptedException {
        this.logDir = logDir;
        this.adminToken = adminToken;
        String masterKey = "--ledger.keys.master-key-file=" + Secrets.masterKeyFile(logDir);
        String readSide = "--ledger.accesses.kafka.password=" + Secrets.readSideKafkaPassword(logDir);
        for (int i = 0; i < instances; i++) {
            start("ledger-service-" + i, LedgerApplication.class.getName(), ledgerPort + 10 * i,
                    "--spring.datasource.url=" + dbUrl, "--spring.kafka.bootstrap-servers=" + kafka,
                    "--spring.kafka.properties.sasl.jaas.config=" + kafkaJaas, "--ledger.issuer-uri=" + issuer, masterKey,
                    readSide);
        }
        // each query-service claims only its own share of the segments: the read side is split too
        for (int i = 0; i < instances; i++) {
            start("query-service-" + i, QueryApplication.class.getName(), queryPort + 10 * i,
                    "--spring.datasource.url=" + dbUrl, "--ledger.security.issuers=" + issuer, masterKey, readSide,
                    "--ledger.accesses.kafka.bootstrap=" + kafka,
                    "--axon.eventhandling.processors.views.initial-segment-count=" + VIEWS_SEGMENTS_PER_INSTANCE * instances,
                    "--ledger.views.max-claimed-segments=" + (instances > 1 ? VIEWS_SEGMENTS_PER_INSTANCE : 0));
        }
        sampler = new Thread(this::sample, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    String url(String service) {
        return urls.get(service);
    }

    List<String> queryUrls() {
        return urls.entrySet().stream().filter(e -> e.getKey().startsWith("query")).map(Map.Entry::getValue).toList();
    }

    Map<String, Double> peakHeapMb() {
        return new LinkedHashMap<>(peakHeapMb);
    }

    /** Stops every ledger-service (as a deployment does, SIGTERM) and starts them again. */
    void restartLedgers() throws IOException, InterruptedException {
        stopLedgers();
        startLedgers();
    }

    /** Stops every ledger-service (SIGTERM) and waits until each has exited. */
    void stopLedgers() throws InterruptedException {
        for (String name : ledgers()) {
            urls.remove(name);
            Process process = processes.remove(name);
            process.destroy();
            process.waitFor();
        }
    }

    /** Starts every ledger-service as it was started before, and waits until each answers. */
    void startLedgers() throws IOException, InterruptedException {
        for (String name : ledgers()) {
            launch(name, launches.get(name));
        }
    }

    private List<String> ledgers() {
        return launches.keySet().stream().filter(name -> name.startsWith("ledger")).toList();
    }

    private void start(String name, String mainClass, int port, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-cp", System.getProperty("java.class.path")));
        String classpath = System.getProperty("java.class.path");
        if (classpath.endsWith(".jar") && !classpath.contains(File.pathSeparator)) {
            // running from ledger-bench.jar: let Spring Boot's launcher open the nested jars
            command.addAll(List.of("-Dloader.main=" + mainClass, "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.add(mainClass);
        }
        command.add("--server.port=" + port);
        command.addAll(List.of(args));
        Launch launch = new Launch(command, "http://localhost:" + port);
        launches.put(name, launch);
        launch(name, launch);
    }

    private record Launch(List<String> command, String url) {
    }

    private void launch(String name, Launch launch) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launch.command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".log").toFile()));
        // the whole log in the service's own file (infra's logback.xml shows only warnings otherwise)
        builder.environment().put("LEDGER_CONSOLE_LEVEL", "INFO");
        builder.environment().put("LEDGER_DATA_DIR", logDir.resolve(name).toString());
        Process process = builder.start();
        processes.put(name, process);
        String url = launch.url();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!healthy(url)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not start; see " + logDir.resolve(name + ".log"));
            }
            Thread.sleep(500);
        }
        urls.put(name, url);
    }

    private boolean healthy(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Integration messages the ledger-services have recorded so far (their ingest counters). */
    long recorded() throws IOException, InterruptedException {
        return ledgerSum("ledger.ingest.events?tag=outcome:recorded");
    }

    /**
     * Reports the ledger-services judged again because they happened before what was known of their
     * subject: all of them, or those judged from where ({@code checkpoint}, {@code history}).
     */
    long lateReports(String judgedFrom) throws IOException, InterruptedException {
        return ledgerSum(judgedFrom == null ? "ledger_reports_late" : "ledger_reports_late?tag=judged_from:" + judgedFrom);
    }

    private long ledgerSum(String metric) throws IOException, InterruptedException {
        double sum = 0;
        for (Map.Entry<String, String> service : urls.entrySet()) {
            if (service.getKey().startsWith("ledger")) {
                sum += metric(service.getValue(), metric);
            }
        }
        return Math.round(sum);
    }

    /** Each service's CPU time so far, in seconds (from its actuator). */
    Map<String, Double> cpuSeconds() throws IOException, InterruptedException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, String> service : urls.entrySet()) {
            seconds.put(service.getKey(), metric(service.getValue(), "process.cpu.time") / 1e9);
        }
        return seconds;
    }

    private double metric(String url, String name) throws IOException, InterruptedException {
        String body = http.send(HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/" + name))
                .header("Authorization", "Bearer " + adminToken.get()).build(), HttpResponse.BodyHandlers.ofString()).body();
        return Bench.JSON.readTree(body).get("measurements").get(0).get("value").asDouble();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            urls.forEach((name, url) -> {
                try {
                    double mb = metric(url, "jvm.memory.used?tag=area:heap") / (1024 * 1024);
                    peakHeapMb.merge(name, Math.round(mb * 10) / 10.0, Math::max);
                } catch (IOException | RuntimeException e) {
                    // a sample missed; the next one counts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        sampler.interrupt();
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
