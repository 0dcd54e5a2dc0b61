package org.consentledger.ledger.subject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Reads a subject's whole history from the event store, for the rare report that needs it (one that
 * happened before what is already known). Inside a transaction it also sees what that transaction
 * stored before. Read from the first event, not from a snapshot. Counted as
 * {@code ledger_reports_late_total}.
 */
@Component
class SubjectHistories {

    private final EventStore eventStore;
    private final Counter lateReports;

    SubjectHistories(EventStore eventStore, MeterRegistry metrics) {
        this.eventStore = eventStore;
        this.lateReports = Counter.builder("ledger_reports_late").description(
                "reports judged from the subject's whole history, because they happened before what was known").register(metrics);
    }

    History of(String subject) {
        lateReports.increment();
        History history = new History();
        eventStore.readEvents(subject, 0).asStream().map(Message::getPayload).forEach(history::add);
        return history;
    }
}
