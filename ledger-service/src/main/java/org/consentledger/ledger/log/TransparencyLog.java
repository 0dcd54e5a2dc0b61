package org.consentledger.ledger.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.consentledger.storage.DatabaseFailures;
import org.consentledger.storage.log.StoredLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the tamper-evident log on one thread of its own: makes committed events leaves, signs a
 * checkpoint at most twice a second while the tree grows (so every recorded event is in a signed
 * checkpoint within seconds), checks stored rows against their leaves; publishes the checkpoints on
 * another; and says in {@code /actuator/health} (component {@code log}) how it stands.
 */
@Component("logHealthIndicator")
class TransparencyLog implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(TransparencyLog.class);
    private static final Duration SIGN_EVERY = Duration.ofMillis(500);
    private static final Duration IDLE = Duration.ofMillis(100);
    private static final long PROGRESS_EVERY = 100_000;
    private static final int BUSY_SHARE = 10;

    private final LogWriter writer;
    private final LogSigner signer;
    private final LogIntegrity integrity;
    private final StoredLog tree;
    private final Clock clock;
    private final int batch;
    private final int checkedPerSecond;
    private volatile Thread thread;
    private volatile Thread publisher;
    private volatile long size = -1;
    private volatile long integratedThisStart;
    private volatile Optional<StoredLog.Signed> signed = Optional.empty();
    private volatile String failure;
    private Instant lastSigned = Instant.EPOCH;
    private Instant lastChecked = Instant.EPOCH;

    TransparencyLog(LogWriter writer, LogSigner signer, LogIntegrity integrity, StoredLog tree, Clock clock,
                    LogProperties properties) {
        this.writer = writer;
        this.signer = signer;
        this.integrity = integrity;
        this.tree = tree;
        this.clock = clock;
        this.batch = properties.batch();
        this.checkedPerSecond = properties.checkedPerSecond();
    }

    @Override
    public void start() {
        signed = signer.latest();
        Thread running = new Thread(this::run, "transparency-log");
        running.setDaemon(true);
        thread = running;
        running.start();
        // a thread of its own: a broker that is away (the producer waits for it) never holds up signing
        Thread publishing = new Thread(this::publishing, "checkpoint-publisher");
        publishing.setDaemon(true);
        publisher = publishing;
        publishing.start();
    }

    @Override
    public void stop() {
        for (Thread running : new Thread[] {thread, publisher}) {
            if (running != null) {
                running.interrupt();
            }
        }
        Thread running = thread;
        thread = null;
        publisher = null;
        if (running != null) {
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                boolean busy = step();
                failure = null;
                if (!busy) {
                    Thread.sleep(IDLE.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (failure == null) {
                    log.warn("the tamper-evident log could not go on (tried again every second): {}", e.toString());
                }
                failure = DatabaseFailures.kind(e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One round; answers whether there may be more to integrate at once. */
    private boolean step() {
        Instant until = clock.instant().plus(SIGN_EVERY);
        LogWriter.Integrated integrated;
        do {
            integrated = writer.integrateNext();
            if (integrated.size() >= 0) {
                size = integrated.size();
            }
            long before = integratedThisStart;
            integratedThisStart += integrated.events();
            if (before / PROGRESS_EVERY != integratedThisStart / PROGRESS_EVERY) {
                log.info("the log integrated {} stored events since this start; {} leaves", integratedThisStart, size);
            }
        } while (integrated.events() == batch && clock.instant().isBefore(until));
        Instant now = clock.instant();
        if (Duration.between(lastChecked, now).compareTo(SIGN_EVERY) >= 0) {
            // while events arrive, a tenth of the rate: checking a row costs as much as logging one
            long perSecond = integrated.events() > 0 ? checkedPerSecond / BUSY_SHARE : checkedPerSecond;
            long elapsed = Math.min(Duration.between(lastChecked, now).toMillis(), 5_000);
            integrity.checkNext((int) Math.max(1, perSecond * elapsed / 1_000), size);
            lastChecked = now;
        }
        if (Duration.between(lastSigned, now).compareTo(SIGN_EVERY) >= 0) {
            sign();
            lastSigned = now;
        }
        return integrated.events() == batch;
    }

    private void sign() {
        if (!integrity.rowsMatch()) {
            return;
        }
        try {
            Optional<StoredLog.Signed> made = signer.signIfGrown();
            integrity.consistent();
            if (made.isPresent()) {
                signed = made;
            }
        } catch (LogSigner.InconsistentTreeException e) {
            integrity.inconsistent(e.getMessage());
        }
    }

    /** Publishes what was signed, in order; what the broker does not take now is published at a later round. */
    private void publishing() {
        while (publisher == Thread.currentThread()) {
            try {
                signer.publish();
                Thread.sleep(SIGN_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.debug("a checkpoint is not published yet: {}", e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public Health health() {
        Health.Builder health = integrity.sound() && failure == null ? Health.up() : Health.down();
        integrity.problem().ifPresent(problem -> health.withDetail("signing", "stopped").withDetail("problem", problem));
        if (failure != null) {
            health.withDetail("failure", failure);
        }
        health.withDetail("leaves", size < 0 ? tree.size() : size);
        health.withDetail("integratedSinceStart", integratedThisStart);
        signed.ifPresent(s -> health.withDetail("signedTreeSize", s.size()));
        health.withDetail("checkedRounds", integrity.checkedRounds());
        return health.build();
    }
}
