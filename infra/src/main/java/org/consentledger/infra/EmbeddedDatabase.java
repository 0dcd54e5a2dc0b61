package org.consentledger.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Real PostgreSQL binaries (zonky), with the data directory kept between runs. PostgreSQL detaches
 * into its own session, so a launcher killed with -9 leaves its server running: the next start
 * stops that orphan first.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Linux's clock ticks per second in {@code /proc/<pid>/stat} (USER_HZ, 100 on every common platform). */
    private static final double TICKS_PER_SECOND = 100;

    private final EmbeddedPostgres postgres;
    private final Path directory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    public static EmbeddedDatabase start(Path directory, int port, String listenAddress) {
        return start(directory, port, listenAddress, false);
    }

    /**
     * Starts the server on the data {@code directory}, its binaries extracted beside it (not into the
     * machine's temporary directory), listening on {@code listenAddress} only. It is stopped by
     * {@link #close()}, not by a shutdown hook of its own: whoever started it stops its users first.
     * With {@code statementStatistics}, PostgreSQL also loads {@code pg_stat_statements} (a few percent slower).
     */
    public static EmbeddedDatabase start(Path directory, int port, String listenAddress, boolean statementStatistics) {
        try {
            Files.createDirectories(directory);
            stopOrphan(directory.resolve("postmaster.pid"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setOverrideWorkingDirectory(directory.resolveSibling("postgres-binaries").toFile())
                    .setRegisterShutdownHook(false)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", listenAddress)
                    .setServerConfig("max_connections", "200");
            if (statementStatistics) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    /**
     * CPU seconds the server has used so far (Linux only, else NaN): the postmaster, its live
     * processes (backends, writers) and those that have ended.
     */
    public double cpuSeconds() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(directory.resolve("postmaster.pid")).get(0).strip());
            long[] own = stat(postmaster);
            long ticks = own[0] + own[1] + own[2] + own[3];
            for (ProcessHandle child : ProcessHandle.of(postmaster).map(p -> p.children().toList()).orElse(List.of())) {
                long[] times = stat(child.pid());
                ticks += times[0] + times[1];
            }
            return ticks / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** utime, stime, cutime, cstime of a process (0 when it has just ended). */
    private static long[] stat(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException ended) {
            return new long[4];
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state (field 3 of proc(5)); utime is field 14
        return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]),
                Long.parseLong(fields[13]), Long.parseLong(fields[14])};
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopOrphan(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).strip()))
                        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        orphan.ifPresent(process -> {
            process.destroy();
            process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        });
        Files.deleteIfExists(pidFile);
    }
}
