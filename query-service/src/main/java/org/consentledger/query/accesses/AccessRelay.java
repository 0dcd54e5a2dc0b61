package org.consentledger.query.accesses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.consentledger.contracts.access.Access;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands the accesses waiting in {@code access_outbox} to the ledger, on a thread of its own: sends
 * them on {@link Access#TOPIC} (acknowledged by every in-sync replica, idempotent) and deletes them
 * once the broker has taken them all. Several instances may run it: each takes rows no other holds.
 * A broker that is away delays the accesses, never a read and never an access: they wait, and an
 * access sent twice (the broker took it, the delete did not commit) is recorded once by the ledger,
 * which claims each by its id.
 */
@Component
class AccessRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccessRelay.class);
    private static final int BATCH = 500;
    /**
     * How often the waiting accesses go: they are visible to the person within seconds either way, and
     * a round for each read would make the ledger record them one by one, each a transaction of its own.
     */
    private static final Duration ROUND = Duration.ofMillis(500);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Producer<byte[], byte[]> kafka;
    private final Duration timeout;
    private volatile Thread thread;
    private String failure;

    AccessRelay(JdbcTemplate jdbc, TransactionTemplate transactions, Producer<byte[], byte[]> accessProducer,
                AccessHandover.Properties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = accessProducer;
        this.timeout = properties.timeout();
    }

    @Override
    public void start() {
        Thread running = new Thread(this::run, "access-relay");
        running.setDaemon(true);
        thread = running;
        running.start();
    }

    @Override
    public void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        while (thread == Thread.currentThread()) {
            try {
                if (relayNext() < BATCH) {
                    Thread.sleep(ROUND.toMillis());
                }
                if (failure != null) {
                    log.info("the accesses are handed to the ledger again");
                    failure = null;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (failure == null) {
                    log.warn("the recorded accesses could not be handed to the ledger; they wait and are tried "
                            + "again every second: {}", e.toString());
                }
                failure = e.toString();
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Sends the oldest waiting accesses no other instance holds and deletes them once taken; answers how many. */
    private int relayNext() {
        return transactions.execute(status -> {
            List<Long> ids = new ArrayList<>();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            jdbc.query("select id, access from access_outbox order by id limit ? for update skip locked", rs -> {
                ids.add(rs.getLong(1));
                sent.add(send(rs.getBytes(2)));
            }, BATCH);
            if (ids.isEmpty()) {
                return 0;
            }
            try {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not take them: "
                        + (e.getCause() != null ? e.getCause() : e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            jdbc.update("delete from access_outbox where id = any(?)", (Object) ids.toArray(Long[]::new));
            return ids.size();
        });
    }

    private CompletableFuture<Void> send(byte[] access) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            kafka.send(new ProducerRecord<>(Access.TOPIC, access), (metadata, failure) -> {
                if (failure != null) {
                    sent.completeExceptionally(failure);
                } else {
                    sent.complete(null);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }
}
