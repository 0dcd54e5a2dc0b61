package org.consentledger.ledger.subject;

import java.time.Clock;
import java.time.Duration;

/**
 * How much recent history a subject keeps for judging late reports ({@link Checkpoint}): the reports
 * that arrived within the window, at most so many. A report that happened before all of them is
 * judged from the subject's whole stored history instead. Only speed and memory depend on it, never a
 * verdict, so the clock arrivals are measured with ({@code clock}, the ledger's) may be any.
 */
record Tail(int maxFacts, Duration window, Clock clock) {

    long windowMillis() {
        return window.toMillis();
    }

    /** When a report arrives, in milliseconds of the clock. */
    long now() {
        return clock.millis();
    }
}
