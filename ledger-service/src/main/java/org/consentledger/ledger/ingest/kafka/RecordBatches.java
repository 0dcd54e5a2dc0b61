package org.consentledger.ledger.ingest.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.consentledger.ledger.app.AppRegistry;
import org.consentledger.ledger.app.AppTopics;
import org.consentledger.ledger.ingest.kafka.DeadLetterPublisher.Refusal;
import org.consentledger.ledger.ingest.parsing.AcceptedEvent;
import org.consentledger.ledger.ingest.parsing.CloudEventParser;
import org.consentledger.ledger.ingest.parsing.ErrorCode;
import org.consentledger.ledger.ingest.parsing.InvalidEventException;
import org.consentledger.ledger.ingest.parsing.RawMessage;
import org.consentledger.ledger.ingest.recording.Failures;
import org.consentledger.ledger.ingest.recording.IngestMetrics;
import org.consentledger.ledger.ingest.recording.LedgerRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a batch of consumed records (the app is the topic's, see {@link AppTopics}): valid messages
 * in one database transaction, refused ones dead-lettered. If the database or the broker fails, it
 * throws, and the caller retries the whole batch. If the transaction fails for what a record says
 * ({@link Failures}), the batch is recorded in halves until the record that fails alone is found: it
 * is dead-lettered {@code UNPROCESSABLE}, the rest is recorded.
 */
@Component
class RecordBatches implements IngestConsumer.Batches {

    private static final Logger log = LoggerFactory.getLogger(RecordBatches.class);
    private static final String KAFKA_ATTRIBUTE_PREFIX = "ce_";

    private record Parsed(ConsumerRecord<byte[], byte[]> record, AcceptedEvent event) {
    }

    private final CloudEventParser parser;
    private final LedgerRecorder recorder;
    private final DeadLetterPublisher deadLetters;
    private final AppRegistry apps;
    private final IngestMetrics metrics;

    RecordBatches(CloudEventParser parser, LedgerRecorder recorder, DeadLetterPublisher deadLetters,
                  AppRegistry apps, IngestMetrics metrics) {
        this.parser = parser;
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.apps = apps;
        this.metrics = metrics;
    }

    @Override
    public void ingest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, String> registered = apps.countries();
        List<Parsed> accepted = new ArrayList<>(records.size());
        List<Refusal> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                accepted.add(new Parsed(record, parser.parse(new RawMessage(record.value(), binaryAttributes(record)),
                        registered, AppTopics.appOf(record.topic()))));
            } catch (InvalidEventException e) {
                refused.add(new Refusal(record, e));
            } catch (RuntimeException e) {
                refused.add(new Refusal(record, new InvalidEventException(ErrorCode.UNPROCESSABLE, String.valueOf(e))));
            }
        }
        record(accepted, refused);
        deadLetters.publish(refused);
        refused.forEach(r -> metrics.deadLettered(r.reason().error()));
        if (!refused.isEmpty()) {
            log.warn("dead-lettered {} of {} messages, first: {} {}", refused.size(), records.size(),
                    refused.get(0).reason().error(), refused.get(0).reason().getMessage());
        }
    }

    /** Records the events, or, when that fails for their content, each half on its own ({@link Failures#recordInHalves}). */
    private void record(List<Parsed> events, List<Refusal> refused) {
        Failures.recordInHalves(events, batch -> recorder.record(batch.stream().map(Parsed::event).toList()),
                (parsed, reason) -> refused.add(new Refusal(parsed.record(), reason)));
    }

    private static Map<String, String> binaryAttributes(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> attributes = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(KAFKA_ATTRIBUTE_PREFIX) && header.value() != null) {
                attributes.put(header.key().substring(KAFKA_ATTRIBUTE_PREFIX.length()), utf8(header));
            }
        }
        return attributes;
    }

    private static String utf8(Header header) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header.value())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(ErrorCode.NOT_UTF8, "header " + header.key() + " is not valid UTF-8");
        }
    }
}
