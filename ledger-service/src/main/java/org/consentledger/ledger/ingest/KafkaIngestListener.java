package org.consentledger.ledger.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.consentledger.ledger.app.AppRegistry;
import org.consentledger.ledger.ingest.DeadLetterPublisher.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code ledger.events} a poll at a time: valid messages are recorded in one database
 * transaction, refused ones dead-lettered; only then does the container commit the offsets. If the
 * database or the broker fails, the listener throws and the whole poll is retried with backoff.
 */
@Component
class KafkaIngestListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaIngestListener.class);
    private static final String KAFKA_ATTRIBUTE_PREFIX = "ce_";

    private final CloudEventParser parser;
    private final LedgerRecorder recorder;
    private final DeadLetterPublisher deadLetters;
    private final AppRegistry apps;
    private final IngestMetrics metrics;

    KafkaIngestListener(CloudEventParser parser, LedgerRecorder recorder, DeadLetterPublisher deadLetters,
                        AppRegistry apps, IngestMetrics metrics) {
        this.parser = parser;
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.apps = apps;
        this.metrics = metrics;
    }

    @KafkaListener(id = "ledger-ingest", idIsGroup = false, topics = "${ledger.topic}")
    void onPoll(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, String> registered = apps.countries();
        List<AcceptedEvent> accepted = new ArrayList<>(records.size());
        List<Refusal> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                accepted.add(parser.parse(new RawMessage(record.value(), binaryAttributes(record)), registered));
            } catch (InvalidEventException e) {
                refused.add(new Refusal(record, e));
            } catch (RuntimeException e) {
                refused.add(new Refusal(record, new InvalidEventException(ErrorCode.UNPROCESSABLE, String.valueOf(e))));
            }
        }
        recorder.record(accepted);
        deadLetters.publish(refused);
        refused.forEach(r -> metrics.deadLettered(r.reason().code()));
        if (!refused.isEmpty()) {
            log.warn("dead-lettered {} of {} messages, first: {} {}", refused.size(), records.size(),
                    refused.get(0).reason().code(), refused.get(0).reason().getMessage());
        }
    }

    private static Map<String, String> binaryAttributes(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> attributes = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(KAFKA_ATTRIBUTE_PREFIX) && header.value() != null) {
                attributes.put(header.key().substring(KAFKA_ATTRIBUTE_PREFIX.length()),
                        new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes;
    }
}
