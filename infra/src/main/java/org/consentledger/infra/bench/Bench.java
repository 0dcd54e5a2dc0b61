package org.consentledger.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.security.scram.ScramLoginModule;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.Optional;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.consentledger.infra.LedgerClient;
import org.consentledger.infra.Secrets;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SubjectKeys;
import org.postgresql.ds.PGSimpleDataSource;
import org.consentledger.issuer.Clients;
import org.consentledger.issuer.IssuerApplication;
import org.consentledger.ledger.app.AppTopics;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.consentledger.infra.EmbeddedDatabase;
import org.consentledger.infra.EmbeddedKafka;
import org.springframework.util.FileSystemUtils;

/**
 * {@code java -jar infra/target/ledger-bench.jar --events N [--out FILE] [--instances K]
 * [--readers R] [--subjects S] [--data DIR]}: runs the stack's real path under load and measures, in one run,
 * end-to-end throughput (produced, recorded, visible in the holdings projection), projection lag,
 * query latencies under concurrent readers, projection rebuild speed, peak heap, the raw limit
 * (the same records consumed from Kafka and written by batched JDBC into a plain table), and how long
 * the busiest subject's next report takes to be recorded after the ledger-services restart. The
 * database, broker log and service logs go to {@code --data} and stay there; without it to a
 * temporary directory, deleted after a successful run (a million events leave about 2.5 GB).
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int ISSUER_PORT = 18083;
    private static final String ISSUER = "http://localhost:" + ISSUER_PORT;
    /** The in-process Kafka broker's threads (KRaft controller and broker), by the names Kafka gives them. */
    private static final Pattern BROKER_THREAD = Pattern.compile("^(data-plane-|kafka-\\d|kafka-scheduler|quorum-controller|"
            + "broker-\\d|controller-\\d|ExpirationReaper|group-coordinator|executor-|transaction-|LogDirFailureHandler|"
            + "ReplicaFetcher|kafka-log-cleaner|TxnMarkerSender|raft-)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int events;
    private final int subjects;
    private final int instances;
    private final int readers;
    private final boolean preload;
    private final String run = "b" + UUID.randomUUID().toString().substring(0, 6);
    private final Map<String, Object> result = new LinkedHashMap<>();
    private SubjectKeys subjectKeys;
    private Path workDir;
    private EmbeddedDatabase database;
    private String dbUrl;
    private String kafka;
    private String kafkaPassword;
    private ServiceProcesses services;
    private LedgerClient admin;
    private LedgerClient auditor;
    /** Each app's Kafka user and password, as the ledger issued them. */
    private final Map<String, JsonNode> appKafka = new LinkedHashMap<>();

    private Bench(int events, int subjects, int instances, int readers, boolean preload) {
        this.events = events;
        this.subjects = subjects;
        this.instances = instances;
        this.readers = readers;
        this.preload = preload;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "100000"));
        Bench bench = new Bench(events,
                Integer.parseInt(options.getOrDefault("subjects", Integer.toString(Math.max(1000, events / 25)))),
                Integer.parseInt(options.getOrDefault("instances", "1")),
                Integer.parseInt(options.getOrDefault("readers", "4")),
                Boolean.parseBoolean(options.getOrDefault("preload", "false")));
        Path data = options.containsKey("data") ? Path.of(options.get("data")) : null;
        Path dir = data != null ? Files.createDirectories(data) : Files.createTempDirectory("ledger-bench-");
        Map<String, Object> result = bench.run(dir);
        if (data == null) {
            FileSystemUtils.deleteRecursively(dir);
        }
        String text = JSON.writeValueAsString(result);
        if (options.containsKey("out")) {
            Files.writeString(Path.of(options.get("out")), text);
        }
        System.out.println(text);
        System.out.println(summary(result));
        System.exit(0);
    }

    private Map<String, Object> run(Path dir) throws Exception {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        status("starting PostgreSQL, Kafka and " + instances + " instance(s) of each service (own JVMs) in " + dir);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 54330, "localhost", true);
             EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 19092, 19093);
             ConfigurableApplicationContext issuer = IssuerApplication.start("--server.port=" + ISSUER_PORT,
                     "--spring.datasource.url=" + db.jdbcUrl(), "--ledger.issuer.uri=" + ISSUER);
             ServiceProcesses started = new ServiceProcesses(dir, instances, db.jdbcUrl(), broker.bootstrapServers(),
                     EmbeddedKafka.jaas(ScramLoginModule.class.getName(), EmbeddedKafka.ADMIN_USER, broker.adminPassword()),
                     ISSUER, () -> admin.token(), 18081, 18082)) {
            database = db;
            workDir = dir;
            dbUrl = db.jdbcUrl();
            kafka = broker.bootstrapServers();
            kafkaPassword = broker.adminPassword();
            services = started;
            result.put("machine", machine());
            result.put("events", events);
            result.put("subjects", subjects);
            result.put("apps", Workload.APPS);
            result.put("instances", instances);
            result.put("preloaded", preload);
            registerApps(issuer);
            resetStatementStatistics();
            if (preload) {
                preloadedDrain();
            } else {
                endToEnd();
            }
            result.put("postgresqlTopStatements", topStatements());
            Map<String, String> projected = viewsDigest();
            result.put("viewsDigest", projected);
            queries();
            rebuild();
            result.put("rebuiltViewsIdentical", viewsDigest().equals(projected));
            rawLimit();
            restart();
            result.put("peakHeapMbPerService", services.peakHeapMb());
            result.put("benchJvmPeakHeapMb", peakHeapMb());
            result.put("heapNote", "each service runs in its own JVM with -Xmx512m; peaks sampled every 250 ms "
                    + "from /actuator/metrics; the bench JVM holds PostgreSQL's client side, the Kafka broker and the load");
            return result;
        }
    }

    /** Signs the admin and the auditor in; the admin registers every app and issues its credentials. */
    private void registerApps(ConfigurableApplicationContext issuer) {
        Clients clients = new Clients(issuer.getBean(JdbcTemplate.class));
        admin = new LedgerClient(ISSUER + "/oauth2/token", "bench-admin", clients.issue("bench-admin", "admin", null));
        auditor = new LedgerClient(ISSUER + "/oauth2/token", "bench-auditor", clients.issue("bench-auditor", "auditor", null));
        String ledger = services.url("ledger-service-0");
        for (int i = 0; i < Workload.APPS; i++) {
            String app = Workload.app(i);
            admin.put(ledger + "/api/v1/apps/" + app, Map.of("name", "Bench app " + i, "country", Workload.country(i)));
            appKafka.put(app, admin.post(ledger + "/api/v1/apps/" + app + "/credentials").get("kafka"));
        }
    }

    /**
     * Produces every event while the services run, then waits until all are recorded and projected.
     * The producers compete with the services for the machine's cores, as apps and the ledger would
     * if they shared them.
     */
    private void endToEnd() throws Exception {
        Map<String, Double> cpuBefore = cpuSeconds();
        long start = System.nanoTime();
        produce(start);
        awaitProjected(start, cpuBefore);
    }

    /**
     * Produces every event while no ledger-service runs, then starts them and times how fast they
     * drain what is waiting: the ledger's own rate, without the load generator's and the broker's
     * appending on the same cores. The drain's clock starts once every ledger-service answers.
     */
    private void preloadedDrain() throws Exception {
        status("stopping the ledger-services, producing every event");
        services.stopLedgers();
        produce(System.nanoTime());
        status("starting the ledger-services to drain " + events + " events");
        services.startLedgers();
        awaitProjected(System.nanoTime(), cpuSeconds());
    }

    /** Sends every event of the workload, each app's to its own topic as its own Kafka user. */
    private void produce(long start) {
        Workload workload = new Workload(subjects, 42, run);
        Map<String, KafkaProducer<String, String>> producers = new HashMap<>();
        try {
            for (int i = 0; i < events; i++) {
                String[] event = workload.next();
                String app = Workload.sourceApp(event[1]);
                producers.computeIfAbsent(app, this::producer).send(new ProducerRecord<>(AppTopics.ingest(app), event[0],
                        event[1]));
            }
        } finally {
            producers.values().forEach(KafkaProducer::close);
        }
        result.put("producedEventsPerSecond", round(events / seconds(start)));
    }

    /**
     * Waits until every event is recorded and projected, sampling the projection lag. The sustained
     * rate, and the CPU per event within it, leave out the first quarter of the events, while the
     * services' JIT compilers, caches and PostgreSQL's buffers warm up: from the moment a quarter is
     * recorded to the moment the last one is visible in the views.
     */
    private void awaitProjected(long start, Map<String, Double> cpuBefore) throws Exception {
        Map<String, Double> cpuWarm = null;
        long recordedAt = 0;
        long warmAt = 0;
        long warmCount = 0;
        long maxLag = 0;
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            while (true) {
                long recorded = services.recorded();
                long head = count(db, "select coalesce(max(global_index), 0) from domain_event_entry");
                long position = viewsPosition();
                maxLag = Math.max(maxLag, head - position);
                progress(recorded, start);
                if (recorded >= events / 4 && warmAt == 0) {
                    warmAt = System.nanoTime();
                    warmCount = recorded;
                    cpuWarm = cpuSeconds();
                }
                if (recorded >= events && recordedAt == 0) {
                    recordedAt = System.nanoTime();
                }
                if (recordedAt != 0 && position >= head) {
                    break;
                }
                if (recorded != lastCount) {
                    lastCount = recorded;
                    lastProgress = System.nanoTime();
                } else if (recordedAt == 0 && seconds(lastProgress) > 120) {
                    throw new IllegalStateException("no progress for 2 minutes at " + recorded + " of " + events);
                }
                Thread.sleep(500);
            }
        }
        long visibleAt = System.nanoTime();
        double visible = (visibleAt - start) / 1e9;
        System.err.println();
        result.put("cpuMicrosPerEvent", cpuMicrosPerEvent(cpuBefore, events));
        if (warmCount < events) {
            result.put("sustainedCpuMicrosPerEvent", cpuMicrosPerEvent(cpuWarm, events - warmCount));
        }
        logLag(warmAt == 0 ? start : warmAt, visibleAt);
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            // the bench's own database: every subject in it is this run's (stored under records, not their ids)
            long stored = count(db, "select count(*) from domain_event_entry where type = 'DataSubject' and"
                    + " payload_type not like '%VerdictChangedEvent' and payload_type not like '%SubjectRecordStartedEvent'"
                    + " and payload_type not like '%SubjectRecordAccessedEvent'");
            result.put("storedLedgerEvents", stored);
            result.put("recordedExactlyOnce", stored == events);
            // What a subject costs to keep and to load: its largest stored event and snapshot.
            result.put("largestEventBytes", count(db, "select coalesce(max(octet_length(payload)), 0) "
                    + "from domain_event_entry where type = 'DataSubject'"));
            result.put("largestSnapshotBytes", count(db, "select coalesce(max(octet_length(payload)), 0) "
                    + "from snapshot_event_entry where type = 'DataSubject'"));
        }
        result.put("recordedEventsPerSecond", round(events / ((recordedAt - start) / 1e9)));
        result.put("endToEndEventsPerSecond", round(events / visible));
        if (warmCount < events) {
            result.put("sustainedEndToEndEventsPerSecond", round((events - warmCount) / ((visibleAt - warmAt) / 1e9)));
        }
        result.put("endToEndSeconds", round(visible));
        result.put("projectionLagMaxEvents", maxLag);
        result.put("projectionLagAfterIngestSeconds", round((System.nanoTime() - recordedAt) / 1e9));
        long late = services.lateReports(null);
        result.put("lateReports", late);
        result.put("lateReportsShare", Math.round(10000.0 * late / events) / 10000.0);
        for (String from : List.of("state", "checkpoint", "history")) {
            result.put("lateReportsJudgedFrom" + Character.toUpperCase(from.charAt(0)) + from.substring(1),
                    services.lateReports(from));
        }
    }

    /** Holdings (of subjects drawn as reported and of ordinary ones), summary, report and app-holdings latencies with concurrent readers, at the end size. */
    private void queries() throws Exception {
        Workload workload = new Workload(subjects, 7, run);
        Random random = new Random(7);
        int perReader = 250;
        List<String> queryUrls = services.queryUrls();
        Map<String, IntFunction<String>> endpoints = new LinkedHashMap<>();
        endpoints.put("holdings", i -> queryUrls.get(i % queryUrls.size()) + "/api/v1/subjects/"
                + workload.subject(workload.pickSubject()) + "/holdings");
        // A subject drawn evenly from all, not by how often it is reported: the ordinary person, with a few copies.
        endpoints.put("ordinaryHoldings", i -> queryUrls.get(i % queryUrls.size()) + "/api/v1/subjects/"
                + workload.subject(random.nextInt(subjects)) + "/holdings");
        endpoints.put("summary", i -> queryUrls.get(i % queryUrls.size()) + "/api/v1/subjects/"
                + workload.subject(workload.pickSubject()) + "/holdings/summary");
        endpoints.put("report", i -> queryUrls.get(i % queryUrls.size()) + "/api/v1/subjects/"
                + workload.subject(workload.pickSubject()) + "/report");
        endpoints.put("appHoldings", i -> queryUrls.get(i % queryUrls.size()) + "/api/v1/apps/"
                + Workload.app(random.nextInt(Workload.APPS)) + "/holdings?limit=100");
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            for (Map.Entry<String, IntFunction<String>> endpoint : endpoints.entrySet()) {
                status("querying " + endpoint.getKey() + " with " + readers + " concurrent readers");
                List<String> urls = new ArrayList<>();
                synchronized (workload) {
                    for (int i = 0; i < readers * perReader; i++) {
                        urls.add(endpoint.getValue().apply(i));
                    }
                }
                for (int i = 0; i < 200; i++) {
                    get(urls.get(i % urls.size())); // warm-up
                }
                List<Future<long[]>> futures = new ArrayList<>();
                for (int r = 0; r < readers; r++) {
                    List<String> mine = urls.subList(r * perReader, (r + 1) * perReader);
                    futures.add(pool.submit(() -> {
                        long[] nanos = new long[mine.size()];
                        for (int i = 0; i < mine.size(); i++) {
                            long t = System.nanoTime();
                            get(mine.get(i));
                            nanos[i] = System.nanoTime() - t;
                        }
                        return nanos;
                    }));
                }
                long[] all = new long[readers * perReader];
                int k = 0;
                for (Future<long[]> future : futures) {
                    for (long n : future.get()) {
                        all[k++] = n;
                    }
                }
                Arrays.sort(all);
                result.put(endpoint.getKey() + "QueryP50Ms", round(all[all.length / 2] / 1e6));
                result.put(endpoint.getKey() + "QueryP99Ms", round(all[(int) (all.length * 0.99)] / 1e6));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A producer signed in as the app, with the Kafka credentials the ledger issued it. */
    private KafkaProducer<String, String> producer(String app) {
        JsonNode credentials = appKafka.get(app);
        Properties config = new Properties();
        config.putAll(EmbeddedKafka.clientConfig(kafka, credentials.get("username").asText(),
                credentials.get("password").asText()));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // An app reports as things happen: a producer that falls behind makes the bench wait instead
        // of holding seconds of records in its buffer while the other apps' records go ahead of them
        // (which would make their subjects' reports arrive late).
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(32 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * Stops every ledger-service and starts them again, then times the busiest subject's next
     * report from sent to stored: loading that subject reads its latest snapshot and the events
     * stored after it (without snapshots, its whole history). A new subject's report goes to every
     * partition first, so every partition is being consumed before the clock starts.
     */
    private void restart() throws Exception {
        status("restarting the ledger-services");
        services.restartLedgers();
        Workload workload = new Workload(subjects, 42, run);
        String busiest = workload.subject(0);
        String app = Workload.app(0);
        try (Connection db = DriverManager.getConnection(dbUrl); KafkaProducer<String, String> producer = producer(app)) {
            List<String> newcomers = new ArrayList<>();
            for (int partition = 0; partition < producer.partitionsFor(AppTopics.ingest(app)).size(); partition++) {
                String newcomer = run + "-newcomer-" + partition;
                producer.send(new ProducerRecord<>(AppTopics.ingest(app), partition, newcomer, workload.now(newcomer, app)));
                newcomers.add(newcomer);
            }
            for (String newcomer : newcomers) {
                awaitStored(db, newcomer, 1);
            }
            long before = stored(db, busiest);
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(AppTopics.ingest(app), busiest, workload.now(busiest, app)));
            producer.flush();
            awaitStored(db, busiest, before + 1);
            result.put("restartBusiestSubjectEvents", before);
            result.put("restartBusiestSubjectNextEventMs", round((System.nanoTime() - start) / 1e6));
        }
    }

    private void awaitStored(Connection db, String subject, long events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (stored(db, subject) < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the restarted ledger did not record " + subject + "'s report in 2 minutes");
            }
            Thread.sleep(10);
        }
    }

    /** The reports stored about {@code subject}: the events of its record but the one that started it and accesses. */
    private long stored(Connection db, String subject) throws SQLException {
        Optional<String> record = subjectKeys().recordOf(subject);
        return record.isEmpty() ? 0 : count(db, "select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type not like '%SubjectRecordStartedEvent' and payload_type not like '%SubjectRecordAccessedEvent'",
                record.get());
    }

    /** The subjects' records, found as the services find them (with the master key the bench gave them). */
    private SubjectKeys subjectKeys() {
        if (subjectKeys == null) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(dbUrl);
            subjectKeys = new SubjectKeys(new DataSourceConnectionProvider(source),
                    MasterKey.of(null, Secrets.masterKeyFile(workDir).toString()), 1_000).verified();
        }
        return subjectKeys;
    }

    /** Replays every view from scratch. */
    private void rebuild() throws Exception {
        status("rebuilding every view");
        long head;
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            head = count(db, "select coalesce(max(global_index), 0) from domain_event_entry");
        }
        resetStatementStatistics();
        Map<String, Double> cpuBefore = cpuSeconds();
        long start = System.nanoTime();
        String rebuilder = services.url("query-service-0");
        List<String> others = services.queryUrls().stream().filter(url -> !url.equals(rebuilder)).toList();
        for (String url : others) {
            post(url + "/api/v1/admin/projections/views/stop"); // a segment claimed elsewhere cannot be reset
        }
        post(rebuilder + "/api/v1/admin/projections/views/rebuild");
        for (String url : others) {
            post(url + "/api/v1/admin/projections/views/start");
        }
        while (viewsPosition() < head) {
            Thread.sleep(200);
        }
        double seconds = seconds(start);
        result.put("rebuildEvents", head);
        result.put("rebuildEventsPerSecond", round(head / seconds));
        result.put("rebuildCpuMicrosPerEvent", cpuMicrosPerEvent(cpuBefore, head));
        result.put("rebuildPostgresqlTopStatements", topStatements());
    }

    private void resetStatementStatistics() throws SQLException {
        try (Connection db = DriverManager.getConnection(dbUrl); Statement statement = db.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            statement.execute("select pg_stat_statements_reset()");
        }
    }

    /**
     * Where PostgreSQL's time went since the last reset: the statements that took longest in all.
     * Multi-row inserts of different sizes (JDBC batches rewritten) count as one statement.
     */
    private List<Map<String, Object>> topStatements() throws SQLException {
        List<Map<String, Object>> top = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(dbUrl); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select sum(calls) as calls, sum(rows) as rows, sum(total_exec_time) as total,
                            sum(total_exec_time) / sum(sum(total_exec_time)) over () as share, statement
                     from (select calls, rows, total_exec_time, left(regexp_replace(regexp_replace(query, '\\s+', ' ', 'g'),
                                  '\\) values \\(.*', ') values ...'), 140) as statement from pg_stat_statements) s
                     group by statement order by total desc limit 8""")) {
            while (rows.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("calls", rows.getLong("calls"));
                row.put("rows", rows.getLong("rows"));
                row.put("totalMs", round(rows.getDouble("total")));
                row.put("share", Math.round(rows.getDouble("share") * 1000) / 1000.0);
                row.put("statement", rows.getString("statement"));
                top.add(row);
            }
        }
        return top;
    }

    /** The same records, consumed from Kafka and written by batched JDBC into a plain table, one commit per poll. */
    private void rawLimit() throws Exception {
        status("measuring the raw limit: Kafka -> batched JDBC into a plain table");
        Properties config = new Properties();
        config.putAll(EmbeddedKafka.clientConfig(kafka, EmbeddedKafka.ADMIN_USER, kafkaPassword));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + run);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        long consumed = 0;
        try (Connection db = DriverManager.getConnection(dbUrl + "&reWriteBatchedInserts=true");
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                     new StringDeserializer())) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("create table if not exists bench_raw (id bigserial primary key, k text, v text)");
            }
            db.setAutoCommit(false);
            consumer.subscribe(java.util.regex.Pattern.compile(AppTopics.INGEST_PATTERN));
            long start = 0;
            try (PreparedStatement insert = db.prepareStatement("insert into bench_raw (k, v) values (?, ?)")) {
                while (consumed < events) {
                    var records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    for (ConsumerRecord<String, String> record : records) {
                        insert.setString(1, record.key());
                        insert.setString(2, record.value());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    db.commit();
                    consumer.commitSync();
                    consumed += records.count();
                }
            }
            double seconds = seconds(start);
            result.put("rawLimitEventsPerSecond", round(consumed / seconds));
            double endToEnd = ((Number) result.get("endToEndEventsPerSecond")).doubleValue();
            result.put("ratio", Math.round(10000 * endToEnd / (consumed / seconds)) / 10000.0);
        }
    }

    /** How far every segment of the views has come; 0 while some segment is not claimed by any instance. */
    private long viewsPosition() throws IOException, InterruptedException {
        long min = Long.MAX_VALUE;
        int claimed = 0;
        for (String url : services.queryUrls()) {
            JsonNode body = JSON.readTree(get(url + "/api/v1/admin/projections"));
            for (JsonNode p : body.get("projections")) {
                if (p.get("name").asText().equals("views") && p.get("segments").asInt() > 0) {
                    claimed += p.get("segments").asInt();
                    min = Math.min(min, p.get("position").asLong());
                }
            }
        }
        return claimed < ServiceProcesses.VIEWS_SEGMENTS_PER_INSTANCE * instances ? 0 : min;
    }

    /** An admin's POST. */
    private void post(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + admin.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A GET with the auditor's token, or for the admin endpoints the admin's. */
    private String get(String url) throws IOException, InterruptedException {
        String token = url.contains("/api/v1/admin/") ? admin.token() : auditor.token();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * A fingerprint of what the read side answers from: per view, its row count and an order-free sum
     * of row hashes, with this run's id taken out (and the wall-clock recording times left out), so
     * runs of the same size compare: one instance against two, projected against rebuilt.
     */
    private Map<String, String> viewsDigest() throws SQLException {
        Map<String, String> views = new TreeMap<>();
        Map<String, String> rows = Map.of(
                "holding", "t::text",
                "consent", "t::text",
                "consent_withdrawal", "t::text",
                "violation", "t::text",
                "history_entry", "concat_ws('|', entry_app, entry_id, subject, type, time, violations)");
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            for (Map.Entry<String, String> view : rows.entrySet()) {
                try (PreparedStatement digest = db.prepareStatement("select count(*) || ':' || coalesce(sum(('x' || "
                        + "substr(md5(replace(" + view.getValue() + ", ?, 'RUN')), 1, 15))::bit(60)::bigint::numeric), 0) "
                        + "from query." + view.getKey() + " t")) {
                    digest.setString(1, run);
                    try (ResultSet rs = digest.executeQuery()) {
                        rs.next();
                        views.put(view.getKey(), rs.getString(1));
                    }
                }
            }
        }
        return views;
    }

    /**
     * How long recorded events waited for a signed checkpoint: waits until the log has signed every
     * stored event, then takes, for each event recorded in the sustained window, the time from its
     * stored timestamp to the signing of the first checkpoint that holds it.
     */
    private void logLag(long windowStart, long windowEnd) throws Exception {
        long now = System.nanoTime();
        Instant from = Instant.now().minusNanos(now - windowStart);
        Instant to = Instant.now().minusNanos(now - windowEnd);
        try (Connection db = DriverManager.getConnection(dbUrl)) {
            long stored = count(db, "select count(*) from domain_event_entry");
            long waitStart = System.nanoTime();
            while (count(db, "select coalesce(max(tree_size), 0) from log_checkpoint") < stored) {
                if (seconds(waitStart) > 600) {
                    throw new IllegalStateException("the log signed no checkpoint of all " + stored + " events within 10 minutes");
                }
                Thread.sleep(250);
            }
            result.put("logCaughtUpAfterViewsSeconds", round(seconds(waitStart)));
            inclusionProofs(count(db, "select max(tree_size) from log_checkpoint"));
            try (PreparedStatement lag = db.prepareStatement("""
                    with checkpoint as (
                        select tree_size, signed_at, lag(tree_size, 1, 0::bigint) over (order by tree_size) as previous
                        from log_checkpoint)
                    select percentile_cont(array[0.5, 0.99]) within group (
                               order by extract(epoch from c.signed_at - e.time_stamp::timestamptz))
                    from checkpoint c
                    join log_leaf l on l.leaf_index >= c.previous and l.leaf_index < c.tree_size
                    join domain_event_entry e on e.global_index = l.global_index
                    where e.time_stamp::timestamptz between ? and ?""")) {
                lag.setObject(1, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
                lag.setObject(2, java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
                try (ResultSet rs = lag.executeQuery()) {
                    rs.next();
                    Double[] percentiles = (Double[]) rs.getArray(1).getArray();
                    result.put("logLagP50Seconds", round(percentiles[0]));
                    result.put("logLagP99Seconds", round(percentiles[1]));
                }
            }
        }
    }

    /** How long the ledger takes to answer an inclusion proof of a random leaf in the tree of {@code size} (public, no token). */
    private void inclusionProofs(long size) throws Exception {
        String ledger = services.url("ledger-service-0");
        java.util.Random random = new java.util.Random(9162);
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> proof = HTTP.send(HttpRequest.newBuilder(URI.create(ledger + "/api/v1/log/proof/inclusion?leafIndex="
                    + (long) (random.nextDouble() * size) + "&treeSize=" + size)).build(), HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            if (proof.statusCode() != 200) {
                throw new IllegalStateException("an inclusion proof answered " + proof.statusCode() + ": " + proof.body());
            }
        }
        java.util.Arrays.sort(nanos);
        result.put("inclusionProofP50Ms", round(nanos[nanos.length / 2] / 1e6));
        result.put("inclusionProofP99Ms", round(nanos[(int) (nanos.length * 0.99)] / 1e6));
    }

    private static long count(Connection db, String sql, Object... args) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void progress(long recorded, long start) {
        int width = 40;
        int filled = (int) Math.min(width, width * recorded / Math.max(1, events));
        double rate = recorded / Math.max(0.001, seconds(start));
        System.err.printf("\r[%s%s] %3d%% %,d/%,d recorded, %,.0f events/s ", "#".repeat(filled),
                ".".repeat(width - filled), 100 * recorded / Math.max(1, events), recorded, events, rate);
    }

    private static void status(String text) {
        System.err.println("bench: " + text);
    }

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGb", round(((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / 1e9));
        machine.put("cpu", Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    /**
     * CPU seconds used so far by each service, PostgreSQL, and the bench's own JVM, split into the
     * Kafka broker it runs (its threads, by name) and the rest (the load generator, the monitor).
     */
    private Map<String, Double> cpuSeconds() throws IOException, InterruptedException {
        Map<String, Double> seconds = new LinkedHashMap<>(services.cpuSeconds());
        seconds.put("postgresql", database.cpuSeconds());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long broker = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && BROKER_THREAD.matcher(thread.getThreadName()).find()) {
                broker += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        long all = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        seconds.put("bench JVM: broker", broker / 1e9);
        seconds.put("bench JVM: load, monitor", (all - broker) / 1e9);
        return seconds;
    }

    /** The CPU each used since {@code before}, in microseconds per event, and their sum. */
    private Map<String, Double> cpuMicrosPerEvent(Map<String, Double> before, long events)
            throws IOException, InterruptedException {
        Map<String, Double> micros = new LinkedHashMap<>();
        cpuSeconds().forEach((name, seconds) -> micros.put(name, round((seconds - before.get(name)) * 1e6 / events)));
        micros.put("all", round(micros.values().stream().mapToDouble(Double::doubleValue).sum()));
        return micros;
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }

    private static String summary(Map<String, Object> r) {
        StringBuilder table = new StringBuilder("\n| measure | value |\n|---|---|\n");
        for (String key : List.of("events", "instances", "preloaded", "recordedExactlyOnce", "producedEventsPerSecond",
                "recordedEventsPerSecond",
                "endToEndEventsPerSecond", "sustainedEndToEndEventsPerSecond", "rawLimitEventsPerSecond", "ratio",
                "projectionLagMaxEvents",
                "projectionLagAfterIngestSeconds", "holdingsQueryP50Ms", "holdingsQueryP99Ms",
                "ordinaryHoldingsQueryP50Ms", "ordinaryHoldingsQueryP99Ms", "summaryQueryP50Ms", "summaryQueryP99Ms",
                "reportQueryP50Ms",
                "reportQueryP99Ms", "appHoldingsQueryP50Ms", "appHoldingsQueryP99Ms", "rebuildEventsPerSecond",
                "restartBusiestSubjectEvents", "restartBusiestSubjectNextEventMs", "largestEventBytes",
                "largestSnapshotBytes", "cpuMicrosPerEvent", "sustainedCpuMicrosPerEvent",
                "peakHeapMbPerService", "benchJvmPeakHeapMb")) {
            table.append("| ").append(key).append(" | ").append(r.get(key)).append(" |\n");
        }
        return table.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** {@code --name value} pairs, and {@code --name} alone for a flag ("true"). */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("usage: --events N [--out FILE] [--instances K] [--readers R] "
                        + "[--subjects S] [--data DIR] [--preload]; got " + String.join(" ", args));
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(args[i].substring(2), flag ? "true" : args[++i]);
        }
        return options;
    }
}
