package org.consentledger.query.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.consentledger.query.web.BadRequestException;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The projections' processors: where each stands against the head of the event store, how fast it
 * moves, whether it is replaying or in error; and rebuilding one from scratch (a replay: its tokens
 * reset, its {@code @ResetHandler}s clear its tables, every event is projected again).
 */
@Service
public class Projections {

    private static final Logger log = LoggerFactory.getLogger(Projections.class);

    /** Where a processor stands: {@code position} is the lowest global index all its segments have passed. */
    public record Status(String name, boolean running, boolean replaying, boolean error, String errorMessage,
                         long position, long head, double percent, double eventsPerSecond, int segments) {
    }

    private record Sample(Instant at, long position) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, Sample> lastSample = new ConcurrentHashMap<>();
    private final Map<String, Double> lastRate = new ConcurrentHashMap<>();

    Projections(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<String> names() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(p -> p.getName()).sorted().toList();
    }

    public List<Status> statuses() {
        long head = head();
        return names().stream().map(name -> status(name, head)).toList();
    }

    public Status status(String name) {
        return status(name, head());
    }

    /**
     * Stops the processor, resets its tokens (its reset handlers clear its tables) and starts it
     * again. With several instances, stop it on the others first: a segment another instance claims
     * cannot be reset, and the rebuild is refused as a whole.
     */
    public Status rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        log.info("rebuilding projection {} from the start of the event store", name);
        processor.shutDown();
        try {
            processor.resetTokens();
        } finally {
            processor.start();
        }
        lastSample.remove(name);
        return status(name);
    }

    /** Stops the processor in this instance: it releases its segments for other instances to claim. */
    public Status stop(String name) {
        processor(name).shutDown();
        return status(name);
    }

    public Status start(String name) {
        processor(name).start();
        return status(name);
    }

    /** Logs the progress of replaying processors while they replay. */
    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void logReplays() {
        long head;
        try {
            head = head();
        } catch (DataAccessException e) {
            return; // the database is away; the processors report that themselves
        }
        for (String name : names()) {
            Status status = status(name, head);
            if (status.replaying()) {
                log.info("rebuild {}: position {} of {} ({}%), {} events/s", name, status.position(), head,
                        status.percent(), status.eventsPerSecond());
            }
        }
    }

    /** The global index of the newest event in the store. */
    public long head() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    StreamingEventProcessor processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new UnknownProjectionException(name, names()));
    }

    private Status status(String name, long head) {
        StreamingEventProcessor processor = processor(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        long position = segments.isEmpty() && processor.isRunning() ? -1 : segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition).mapToLong(p -> p.orElse(0L)).min().orElse(0L);
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        EventTrackerStatus failed = segments.values().stream().filter(EventTrackerStatus::isErrorState).findFirst()
                .orElse(null);
        double percent = head == 0 ? 100.0 : Math.round(1000.0 * Math.max(position, 0) / head) / 10.0;
        return new Status(name, processor.isRunning(), replaying, failed != null || processor.isError(),
                failed == null || failed.getError() == null ? null : String.valueOf(failed.getError()),
                Math.max(position, 0), head, Math.min(percent, 100.0), rate(name, Math.max(position, 0)),
                segments.size());
    }

    /** Events per second since the last time anyone asked, smoothed over at least a second. */
    private double rate(String name, long position) {
        Instant now = clock.instant();
        Sample previous = lastSample.get(name);
        if (previous == null || position < previous.position()) {
            lastSample.put(name, new Sample(now, position));
            return 0.0;
        }
        Duration elapsed = Duration.between(previous.at(), now);
        if (elapsed.toMillis() < 1000) {
            return lastRate.getOrDefault(name, 0.0);
        }
        double rate = Math.round((position - previous.position()) * 10000.0 / elapsed.toMillis()) / 10.0;
        lastSample.put(name, new Sample(now, position));
        lastRate.put(name, rate);
        return rate;
    }

    /** Asked about a processor that does not exist. */
    public static class UnknownProjectionException extends BadRequestException {
        UnknownProjectionException(String name, List<String> known) {
            super("UNKNOWN_PROJECTION", "no projection '" + name + "'; projections: " + known);
        }
    }
}
