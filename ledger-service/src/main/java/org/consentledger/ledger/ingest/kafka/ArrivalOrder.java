package org.consentledger.ledger.ingest.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds a consumer's records until they can be judged in the order they were sent, across all the
 * app topics it reads. A subject's reports come from several apps' topics, and a consumer reads each
 * partition in runs of its own, so one app's records run seconds ahead of another's; judged as they
 * arrive, many reports would be late for their subject, and a late report is judged again from a
 * checkpoint (costly). Each record's sending time is its Kafka timestamp, kept within what the
 * partition showed before and the moment it arrived (an app cannot hold others back by claiming the
 * future). A record is released once every partition has shown a later one, or has nothing more to
 * read for a grace period longer than a producer takes to send what it was given. The order is only
 * an aim: a report released too early is judged late and correctly.
 */
final class ArrivalOrder {

    private record Held(ConsumerRecord<byte[], byte[]> record, long sentAt) {
    }

    private static final class Partition {
        private final ArrayDeque<Held> held = new ArrayDeque<>();
        private long latest = Long.MIN_VALUE;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();
    private final long graceMillis;
    private final int heldPerPartition;

    /**
     * @param graceMillis how long a partition with nothing more to read is assumed to have sent
     *                    everything older
     * @param heldPerPartition a partition holding this many records waits for nothing (its own
     *                         records are released as if it could not send older ones) and is paused
     */
    ArrivalOrder(long graceMillis, int heldPerPartition) {
        this.graceMillis = graceMillis;
        this.heldPerPartition = heldPerPartition;
    }

    void add(Iterable<ConsumerRecord<byte[], byte[]>> records, long now) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Partition partition = partitions.computeIfAbsent(
                    new TopicPartition(record.topic(), record.partition()), p -> new Partition());
            long stamp = record.timestamp() < 0 ? now : Math.min(record.timestamp(), now);
            partition.latest = Math.max(partition.latest, stamp);
            partition.held.add(new Held(record, partition.latest));
        }
    }

    /** Whether the partition holds so many records that reading more of it would only hold more. */
    boolean full(TopicPartition partition) {
        Partition p = partitions.get(partition);
        return p != null && p.held.size() >= heldPerPartition;
    }

    int held() {
        return partitions.values().stream().mapToInt(p -> p.held.size()).sum();
    }

    /**
     * The records that can be judged now, those sent first, at most {@code max}; each partition's in
     * offset order, a prefix of what it holds. They stay held until {@link #recorded}.
     *
     * @param lag each partition's records not yet read, empty when not known yet
     */
    List<ConsumerRecord<byte[], byte[]>> releasable(Collection<TopicPartition> assigned,
                                                    Function<TopicPartition, OptionalLong> lag, long now, int max) {
        long before = Long.MAX_VALUE;
        for (TopicPartition tp : assigned) {
            if (full(tp)) {
                continue;
            }
            OptionalLong unread = lag.apply(tp);
            Partition p = partitions.get(tp);
            long sentAllBefore = unread.isPresent() && unread.getAsLong() == 0 ? now - graceMillis
                    : p == null ? Long.MIN_VALUE : p.latest;
            before = Math.min(before, sentAllBefore);
        }
        List<Held> ready = new ArrayList<>();
        for (Partition p : partitions.values()) {
            for (Held h : p.held) {
                if (h.sentAt() >= before) {
                    break;
                }
                ready.add(h);
            }
        }
        ready.sort(Comparator.comparingLong(Held::sentAt));
        return ready.subList(0, Math.min(max, ready.size())).stream().map(Held::record).toList();
    }

    /**
     * Forgets records {@link #releasable} answered, once they are recorded; answers the offsets to
     * commit for them, each partition's next one to read.
     */
    Map<TopicPartition, OffsetAndMetadata> recorded(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            Held first = partitions.get(partition).held.pollFirst();
            if (first == null || first.record().offset() != record.offset()) {
                throw new IllegalStateException("recorded out of order: " + partition + "@" + record.offset());
            }
            next.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
        return next;
    }

    /** Forgets what a partition holds (it went to another consumer, which reads it from the committed offset). */
    void drop(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
