package org.consentledger.ledger.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.ledger.ingest.parsing.InvalidEventException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Puts refused messages on their app's dead-letter topic {@code ledger.dlq.{app}} unchanged (same key, value and headers), adding
 * the reason and where the message came from. Waits for the broker's acknowledgement, so the
 * consumer's offsets move past a refused message only once it is safely dead-lettered.
 */
@Component
public class DeadLetterPublisher {

    public static final String ERROR_CODE = "ledger-error-code";
    public static final String ERROR_DETAIL = "ledger-error-detail";
    public static final String ORIGINAL_TOPIC = "ledger-original-topic";
    public static final String ORIGINAL_PARTITION = "ledger-original-partition";
    public static final String ORIGINAL_OFFSET = "ledger-original-offset";

    public record Refusal(ConsumerRecord<byte[], byte[]> record, InvalidEventException reason) {
    }

    private final KafkaTemplate<byte[], byte[]> kafka;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> kafka) {
        this.kafka = kafka;
    }

    public void publish(List<Refusal> refusals) {
        publish(refusals, r -> AppTopics.deadLetters(AppTopics.appOf(r.record().topic())));
    }

    /** Puts refused messages on {@code topic}, with their reasons. */
    void publish(List<Refusal> refusals, String topic) {
        publish(refusals, r -> topic);
    }

    private void publish(List<Refusal> refusals, Function<Refusal, String> topic) {
        CompletableFuture.allOf(refusals.stream().map(r -> send(r, topic.apply(r))).toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<?> send(Refusal refusal, String topic) {
        ConsumerRecord<byte[], byte[]> original = refusal.record();
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        add(letter, ERROR_CODE, refusal.reason().error().name());
        add(letter, ERROR_DETAIL, refusal.reason().getMessage());
        add(letter, ORIGINAL_TOPIC, original.topic());
        add(letter, ORIGINAL_PARTITION, Integer.toString(original.partition()));
        add(letter, ORIGINAL_OFFSET, Long.toString(original.offset()));
        return kafka.send(letter);
    }

    private static void add(ProducerRecord<byte[], byte[]> letter, String name, String value) {
        letter.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
