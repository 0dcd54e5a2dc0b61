package org.consentledger.ledger.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Keeps the partitions a consumer reads in step by when their records were produced (the record
 * timestamp). One subject's reports from several apps sit in the same partition number of each app's
 * topic (keyed by subject, partitions assigned by range), so one consumer reads them all; but Kafka
 * hands a consumer one partition's records in runs, and a busy app's topic falls behind a quiet
 * one's, so that its reports arrive after later ones about the same subject and are judged again.
 * After each poll, a partition whose records are more than {@code ledger.ingest.max-skew} ahead of
 * the earliest partition that still has records waiting is paused, and resumed once that one has
 * caught up. A consumer that receives nothing for the container's idle interval resumes every
 * partition, so a pause never outlasts it. Only the order of arrival depends on it, never a verdict.
 */
@Component
class ArrivalAlignment {

    static final String LISTENER = "ledger-ingest";
    private static final long UNKNOWN = Long.MIN_VALUE;

    /** The latest record timestamp read from each partition (never moving back). */
    private final Map<TopicPartition, Long> heads = new ConcurrentHashMap<>();
    private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();
    private final KafkaListenerEndpointRegistry registry;
    private final long maxSkewMillis;

    ArrivalAlignment(KafkaListenerEndpointRegistry registry, @Value("${ledger.ingest.max-skew}") Duration maxSkew) {
        this.registry = registry;
        this.maxSkewMillis = maxSkew.toMillis();
    }

    /** After a poll was recorded: pauses the consumer's partitions that ran ahead, resumes those that no longer are. */
    void afterPoll(List<? extends ConsumerRecord<?, ?>> records, Consumer<?, ?> consumer) {
        for (ConsumerRecord<?, ?> record : records) {
            heads.merge(new TopicPartition(record.topic(), record.partition()), record.timestamp(), Math::max);
        }
        long earliestWaiting = Long.MAX_VALUE;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                earliestWaiting = Math.min(earliestWaiting, heads.getOrDefault(partition, UNKNOWN));
            }
        }
        MessageListenerContainer container = registry.getListenerContainer(LISTENER);
        for (TopicPartition partition : consumer.assignment()) {
            if (ahead(heads.getOrDefault(partition, UNKNOWN), earliestWaiting)) {
                if (paused.add(partition)) {
                    container.pausePartition(partition);
                }
            } else if (paused.remove(partition)) {
                container.resumePartition(partition);
            }
        }
    }

    /** Whether a partition read up to {@code head} is ahead of the earliest one waiting (unknown: not yet read). */
    private boolean ahead(long head, long earliestWaiting) {
        if (head == UNKNOWN || earliestWaiting == Long.MAX_VALUE) {
            return false;
        }
        return earliestWaiting == UNKNOWN || head - earliestWaiting > maxSkewMillis;
    }

    /** Nothing arrived for a while: whatever is paused waits for nothing. */
    @EventListener
    void onIdle(ListenerContainerIdleEvent idle) {
        MessageListenerContainer container = registry.getListenerContainer(LISTENER);
        if (container != null) {
            idle.getTopicPartitions().stream().filter(paused::remove).forEach(container::resumePartition);
        }
    }
}
