package org.consentledger.ledger.ingest.kafka;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.consentledger.contracts.access.Access;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.ledger.ingest.kafka.DeadLetterPublisher.Refusal;
import org.consentledger.ledger.ingest.parsing.ErrorCode;
import org.consentledger.ledger.ingest.parsing.InvalidEventException;
import org.consentledger.ledger.ingest.recording.Failures;
import org.consentledger.ledger.ingest.recording.LedgerRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a batch of the accesses the read side handed over ({@link Access#TOPIC}) in the subjects'
 * records. Only the read side may write that topic, so a message it cannot read is a fault of the
 * read side, never an app's: dead-lettered on {@link Access#DEAD_LETTERS} with the reason, for its operator.
 */
@Component
class AccessBatches implements IngestConsumer.Batches {

    private static final Logger log = LoggerFactory.getLogger(AccessBatches.class);
    private static final ObjectReader JSON = LedgerJson.mapper().readerFor(Access.class);

    private record Read(ConsumerRecord<byte[], byte[]> record, Access access) {
    }

    private final LedgerRecorder recorder;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;

    AccessBatches(LedgerRecorder recorder, DeadLetterPublisher deadLetters, Clock clock) {
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void ingest(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Read> accesses = new ArrayList<>(records.size());
        List<Refusal> refused = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                accesses.add(new Read(record, valid(JSON.readValue(record.value()))));
            } catch (IOException | RuntimeException e) {
                refused.add(new Refusal(record, new InvalidEventException(ErrorCode.INVALID_FIELD,
                        "not an access as the read side writes it: " + e.getMessage())));
            }
        }
        Failures.recordInHalves(accesses, batch -> recorder.recordAccesses(batch.stream().map(Read::access).toList(),
                clock.instant()), (read, reason) -> refused.add(new Refusal(read.record(), reason)));
        deadLetters.publish(refused, Access.DEAD_LETTERS);
        if (!refused.isEmpty()) {
            log.error("dead-lettered {} of {} accesses on {}, first: {} {}", refused.size(), records.size(), Access.DEAD_LETTERS,
                    refused.get(0).reason().error(), refused.get(0).reason().getMessage());
        }
    }

    private static Access valid(Access access) {
        if (access.accessId() == null || access.subject() == null || access.at() == null || access.role() == null
                || access.accessor() == null || access.endpoint() == null) {
            throw new IllegalArgumentException("a member other than purpose is missing");
        }
        return access;
    }
}
