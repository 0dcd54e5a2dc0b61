package org.consentledger.query.erasure;

import java.time.Clock;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every instance drops a forgotten record's key from memory within seconds, wherever it was forgotten,
 * and deletes what the views hold of it when its forgotten event is parked behind a dead letter (the
 * records forgotten in the last minute are looked at again every few seconds, so a letter parked
 * while the record was forgotten is seen too).
 */
@Component
class ForgottenRecords {

    private final SubjectKeys keys;
    private final ForgottenSubjects views;
    private final Clock clock;

    ForgottenRecords(SubjectKeys keys, ForgottenSubjects views, Clock clock) {
        this.keys = keys;
        this.views = views;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    void evict() {
        keys.evictForgotten(clock.instant()).forEach(views::forgetIfParked);
    }
}
