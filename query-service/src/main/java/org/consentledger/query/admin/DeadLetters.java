package org.consentledger.query.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Service;

/**
 * The projections' dead letters: events a projection handler failed on, parked with every later
 * event of the same subject (sequence) while the projection goes on with everyone else.
 */
@Service
public class DeadLetters {

    /** One parked event and why. */
    public record Letter(String processingGroup, String sequence, String eventId, String payloadType,
                         String causeType, String causeMessage, Instant enqueuedAt, Instant lastTouched) {
    }

    private final EventProcessingConfiguration processing;
    private final Projections projections;

    DeadLetters(EventProcessingConfiguration processing, Projections projections) {
        this.processing = processing;
        this.projections = projections;
    }

    public List<Letter> list(String group) {
        List<Letter> letters = new ArrayList<>();
        for (String name : group == null ? projections.names() : List.of(group)) {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(name).deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    letters.add(describe(name, letter));
                }
            }
        }
        return letters;
    }

    public long size(String group) {
        return queue(group).amountOfSequences();
    }

    /** Retries parked sequences, oldest first, until none is left that succeeds; returns how many succeeded. */
    public int retry(String group) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> new Projections.UnknownProjectionException(group, projections.names()));
        int processed = 0;
        long sequences = size(group);
        for (long i = 0; i < sequences && processor.processAny(); i++) {
            processed++;
        }
        return processed;
    }

    /** Drops every parked event of one sequence (subject), for good. */
    public int evict(String group, String sequence) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        int evicted = 0;
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequence)) {
            queue.evict(cast(letter));
            evicted++;
        }
        return evicted;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        projections.processor(group);
        return processing.deadLetterQueue(group)
                .orElseThrow(() -> new Projections.UnknownProjectionException(group, projections.names()));
    }

    @SuppressWarnings("unchecked")
    private static DeadLetter<EventMessage<?>> cast(DeadLetter<? extends EventMessage<?>> letter) {
        return (DeadLetter<EventMessage<?>>) letter;
    }

    private static Letter describe(String group, DeadLetter<? extends EventMessage<?>> letter) {
        String sequence = letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getSequenceIdentifier() : null;
        return new Letter(group, sequence, letter.message().getIdentifier(), letter.message().getPayloadType().getName(),
                letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }
}
