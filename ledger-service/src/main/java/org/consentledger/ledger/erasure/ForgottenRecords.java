package org.consentledger.ledger.erasure;

import java.time.Clock;
import org.axonframework.common.caching.Cache;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Every instance drops a forgotten record's key and state from memory within seconds, wherever it was forgotten. */
@Component
class ForgottenRecords {

    private final SubjectKeys keys;
    private final Cache subjects;
    private final Clock clock;

    ForgottenRecords(SubjectKeys keys, @Qualifier("subjectCache") Cache subjects, Clock clock) {
        this.keys = keys;
        this.subjects = subjects;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void evict() {
        keys.evictForgotten(clock.instant()).forEach(subjects::remove);
    }
}
