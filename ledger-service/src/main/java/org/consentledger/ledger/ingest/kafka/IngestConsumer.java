package org.consentledger.ledger.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.consentledger.storage.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One consumer thread: reads its topics (every app's topic {@code ledger.app.*}, a new app's topic
 * from its first record; or the read side's accesses), holds the records until they can go in the order they were sent
 * ({@link ArrivalOrder}), records them a batch at a time ({@link RecordBatches}) and only then
 * commits their offsets. A batch that cannot be recorded (database or broker away) is retried with
 * backoff growing to 30 s, for as long as it takes; reading goes on meanwhile (the consumer stays
 * in its group) until every partition holds its limit and is paused.
 */
final class IngestConsumer implements Runnable {

    /** What records a batch of consumed records; throws if it could not, and the batch is tried again. */
    interface Batches {

        void ingest(List<ConsumerRecord<byte[], byte[]>> records);
    }

    private static final Logger log = LoggerFactory.getLogger(IngestConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final Pattern topics;
    private final Batches batches;
    private final IngestHealth health;
    private final Clock clock;
    private final int maxBatch;
    private final ArrivalOrder order;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    private BackOffExecution retries;
    private volatile boolean running = true;
    private volatile int held;

    IngestConsumer(Consumer<byte[], byte[]> consumer, Pattern topics, Batches batches, IngestHealth health, Clock clock,
                   IngestProperties properties) {
        this.consumer = consumer;
        this.topics = topics;
        this.batches = batches;
        this.health = health;
        this.clock = clock;
        this.maxBatch = properties.maxBatch();
        this.order = new ArrivalOrder(properties.arrivalGrace().toMillis(), properties.heldPerPartition());
        backOff.setMaxInterval(30_000);
    }

    @Override
    public void run() {
        consumer.subscribe(topics, new Rebalance());
        try {
            while (running) {
                try {
                    order.add(consumer.poll(POLL), clock.millis());
                    pauseFullPartitions();
                    recordReleasable();
                    commit();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    retryLater("could not read", e);
                }
                held = order.held();
            }
        } catch (InterruptedException e) {
            if (running) {
                throw new IllegalStateException("ingest consumer interrupted", e);
            }
        } finally {
            Thread.interrupted();
            commit();
            consumer.close();
        }
    }

    /** Stops the loop from another thread; what it holds unrecorded is read again from the committed offsets. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Records read and not yet recorded (waiting for their turn or for a retry). */
    int held() {
        return held;
    }

    private void pauseFullPartitions() {
        Set<TopicPartition> full = new HashSet<>();
        Set<TopicPartition> open = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            (order.full(partition) ? full : open).add(partition);
        }
        open.retainAll(consumer.paused());
        consumer.pause(full);
        consumer.resume(open);
    }

    private void recordReleasable() throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> batch = order.releasable(consumer.assignment(), consumer::currentLag,
                clock.millis(), maxBatch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            batches.ingest(batch);
        } catch (RuntimeException e) {
            retryLater("could not record " + batch.size() + " messages", e);
            return;
        }
        retries = null;
        health.batchRecorded();
        uncommitted.putAll(order.recorded(batch));
    }

    private void retryLater(String what, RuntimeException failure) throws InterruptedException {
        health.batchFailed(failure);
        if (retries == null) {
            retries = backOff.start();
        }
        long wait = retries.nextBackOff();
        log.warn("{} ({}), retrying in {} ms", what, DatabaseFailures.kind(failure), wait, failure);
        Thread.sleep(wait);
    }

    /** Commits what is recorded; if the broker does not take it now, the next commit carries it. */
    private void commit() {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(uncommitted);
            uncommitted.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("could not commit offsets of recorded messages ({}); they are committed with the next batch", e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        private void forget(Collection<TopicPartition> partitions) {
            order.drop(partitions);
            uncommitted.keySet().removeAll(partitions);
        }
    }
}
