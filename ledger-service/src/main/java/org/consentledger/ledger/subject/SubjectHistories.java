package org.consentledger.ledger.subject;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads a subject's whole history from the event store, for the rare report that needs it (one that
 * happened before what is already known). Inside a transaction it also sees what that transaction
 * stored before. Read from the first event, not from a snapshot.
 */
@Component
class SubjectHistories {

    private final EventStore eventStore;

    SubjectHistories(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    History of(String subject) {
        History history = new History();
        eventStore.readEvents(subject, 0).asStream().map(Message::getPayload).forEach(history::add);
        return history;
    }
}
