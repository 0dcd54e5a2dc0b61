package org.consentledger.ledger.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.consentledger.contracts.access.Access;
import org.consentledger.ledger.app.AppTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the ledger's consumer threads ({@link IngestConsumer}: the apps' topics, and the accesses the
 * read side hands over) with the application and stops
 * them before it closes. {@code ledger.ingest.held} counts the records they hold unrecorded.
 */
@Component
class KafkaIngest implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngest.class);
    private static final Pattern INGEST_TOPICS = Pattern.compile(AppTopics.INGEST_PATTERN);
    /** The consumer group of the accesses the read side hands over. */
    static final String ACCESSES_GROUP = "ledger-service.accesses";

    private final ConsumerFactory<byte[], byte[]> consumers;
    private final RecordBatches batches;
    private final AccessBatches accesses;
    private final IngestHealth health;
    private final Clock clock;
    private final IngestProperties properties;
    private final List<Running> running = new ArrayList<>();

    private record Running(IngestConsumer consumer, Thread thread) {
    }

    KafkaIngest(ConsumerFactory<byte[], byte[]> consumers, RecordBatches batches, AccessBatches accesses,
                IngestHealth health, Clock clock,
                IngestProperties properties, MeterRegistry registry) {
        this.consumers = consumers;
        this.batches = batches;
        this.accesses = accesses;
        this.health = health;
        this.clock = clock;
        this.properties = properties;
        Gauge.builder("ledger.ingest.held", this, KafkaIngest::held)
                .description("messages read and waiting to be recorded in the order they were sent").register(registry);
    }

    @Override
    public synchronized void start() {
        for (int i = 0; i < properties.consumers(); i++) {
            run("ledger-ingest-" + i, new IngestConsumer(consumers.createConsumer(null, null, "-" + i), INGEST_TOPICS,
                    batches, health, clock, properties));
        }
        // in a group of its own: the apps' topics' rebalances never hold up the accesses, nor the reverse
        run("ledger-accesses", new IngestConsumer(consumers.createConsumer(ACCESSES_GROUP, null, "-accesses"),
                Pattern.compile(Pattern.quote(Access.TOPIC)), accesses, health, clock, properties));
    }

    private void run(String name, IngestConsumer consumer) {
        Thread thread = new Thread(consumer, name);
        thread.setUncaughtExceptionHandler((t, e) -> {
            log.error("{} stopped", t.getName(), e);
            health.consumerStopped(e);
        });
        running.add(new Running(consumer, thread));
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running.forEach(r -> r.consumer().stop());
        try {
            for (Running r : running) {
                r.thread().join(5_000);
                // still recording a batch, or waiting to retry one: what it holds is read again after the restart
                r.thread().interrupt();
                r.thread().join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    private synchronized double held() {
        return running.stream().mapToInt(r -> r.consumer().held()).sum();
    }
}
