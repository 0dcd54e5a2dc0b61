package org.consentledger.ledger.subject;

import java.time.Duration;

/**
 * How much recent history a subject keeps for judging late reports ({@link Checkpoint}): the reports
 * that arrived within the window, at most so many. A report that happened before all of them is
 * judged from the subject's whole stored history instead. Only speed and memory depend on it, never a
 * verdict.
 */
record Tail(int maxFacts, Duration window) {

    long windowNanos() {
        return window.toNanos();
    }

    /** The clock arrivals are measured with. */
    long now() {
        return System.nanoTime();
    }
}
