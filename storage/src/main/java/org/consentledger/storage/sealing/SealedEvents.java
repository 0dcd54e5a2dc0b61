package org.consentledger.storage.sealing;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Opens a subject's sealed stored events and snapshots as they are read, before any
 * other upcaster sees them; passes over an event whose record's key is gone (its subject was
 * forgotten), so that no reader, projection or rebuild ever sees it. Events of no subject (an app's
 * registration, a record forgotten) are stored and read in clear.
 */
public final class SealedEvents implements EventUpcaster {

    private final SubjectKeys keys;
    private final Predicate<String> sealedType;

    /** {@code sealedType}: whether events (or snapshots) of a stored payload type are sealed. */
    public SealedEvents(SubjectKeys keys, Predicate<String> sealedType) {
        this.keys = keys;
        this.sealedType = sealedType;
    }

    @Override
    public Stream<IntermediateEventRepresentation> upcast(Stream<IntermediateEventRepresentation> events) {
        return events.flatMap(event -> opened(event).stream());
    }

    private Optional<IntermediateEventRepresentation> opened(IntermediateEventRepresentation event) {
        if (!sealedType.test(event.getType().getName())) {
            return Optional.of(event);
        }
        String record = event.getAggregateIdentifier()
                .orElseThrow(() -> new IllegalStateException("a sealed event without a record: " + event.getMessageIdentifier()));
        return keys.keyOf(record).map(key -> event.upcastPayload(event.getType(), byte[].class,
                sealed -> Sealer.open(sealed, Sealer.eventKey(key, event.getMessageIdentifier()))));
    }
}
