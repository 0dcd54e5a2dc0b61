package org.consentledger.ledger.subject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What judging a late report needs beyond the subject's judged state: how much recent history to
 * keep ({@link Tail}) and, for a report older than that, the subject's whole history from the event
 * store (within a batch also the events the batch staged before; read from the first
 * event, not from a snapshot). Late reports are counted as {@code ledger_reports_late_total} by where
 * they were judged from.
 */
@Component
class SubjectHistories {

    private final EventStore eventStore;
    private final Tail tail;
    private final Counter fromState;
    private final Counter fromCheckpoint;
    private final Counter fromHistory;

    @Autowired
    SubjectHistories(EventStore eventStore, MeterRegistry metrics, SubjectProperties subjects, Clock clock) {
        this(eventStore, metrics, new Tail(subjects.lateReports().tailFacts(), subjects.lateReports().tailWindow(), clock));
    }

    SubjectHistories(EventStore eventStore, MeterRegistry metrics, Tail tail) {
        this.eventStore = eventStore;
        this.tail = tail;
        this.fromState = late(metrics, "state");
        this.fromCheckpoint = late(metrics, "checkpoint");
        this.fromHistory = late(metrics, "history");
    }

    private static Counter late(MeterRegistry metrics, String from) {
        return Counter.builder("ledger_reports_late").tag("judged_from", from).description(
                "reports that happened before what was known of their subject, by where they were judged from").register(metrics);
    }

    Tail tail() {
        return tail;
    }

    /** The history of a subject's record. */
    History of(String record) {
        return upTo(record, Long.MAX_VALUE);
    }

    /** The record's history up to the event of this sequence number: what a snapshot of that version saw. */
    History upTo(String record, long sequence) {
        History history = new History();
        eventStore.readEvents(record, 0).asStream().takeWhile(event -> event.getSequenceNumber() <= sequence)
                .map(Message::getPayload).forEach(history::add);
        return history;
    }

    void count(SubjectLedger.JudgedFrom from) {
        switch (from) {
            case STATE_LATE -> fromState.increment();
            case CHECKPOINT -> fromCheckpoint.increment();
            case HISTORY -> fromHistory.increment();
            case STATE -> {
            }
        }
    }
}
