package org.consentledger.query.erasure;

import java.time.Clock;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every instance drops a forgotten record's key from memory within seconds, wherever it was forgotten. */
@Component
class ForgottenRecords {

    private final SubjectKeys keys;
    private final Clock clock;

    ForgottenRecords(SubjectKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void evict() {
        keys.evictForgotten(clock.instant());
    }
}
