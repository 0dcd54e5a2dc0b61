package org.consentledger.ledger.ingest.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the ledger's consumer threads ({@link IngestConsumer}) with the application and stops
 * them before it closes. {@code ledger.ingest.held} counts the records they hold unrecorded.
 */
@Component
class KafkaIngest implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngest.class);

    private final ConsumerFactory<byte[], byte[]> consumers;
    private final RecordBatches batches;
    private final IngestHealth health;
    private final Clock clock;
    private final IngestProperties properties;
    private final List<Running> running = new ArrayList<>();

    private record Running(IngestConsumer consumer, Thread thread) {
    }

    KafkaIngest(ConsumerFactory<byte[], byte[]> consumers, RecordBatches batches, IngestHealth health, Clock clock,
                IngestProperties properties, MeterRegistry registry) {
        this.consumers = consumers;
        this.batches = batches;
        this.health = health;
        this.clock = clock;
        this.properties = properties;
        Gauge.builder("ledger.ingest.held", this, KafkaIngest::held)
                .description("messages read and waiting to be recorded in the order they were sent").register(registry);
    }

    @Override
    public synchronized void start() {
        for (int i = 0; i < properties.consumers(); i++) {
            IngestConsumer consumer = new IngestConsumer(consumers.createConsumer(null, null, "-" + i), batches, health,
                    clock, properties);
            Thread thread = new Thread(consumer, "ledger-ingest-" + i);
            thread.setUncaughtExceptionHandler((t, e) -> {
                log.error("{} stopped", t.getName(), e);
                health.consumerStopped(e);
            });
            running.add(new Running(consumer, thread));
            thread.start();
        }
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
