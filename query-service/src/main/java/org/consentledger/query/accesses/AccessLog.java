package org.consentledger.query.accesses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.consentledger.contracts.access.Access;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.query.web.BadRequestException;
import org.consentledger.security.Caller;
import org.consentledger.security.Refusal;
import org.consentledger.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Every read of a subject's data by anyone but that subject is handed to the ledger before the
 * answer is sent ({@code docs/design.md}, Access log): one {@link Access} per subject in the answer,
 * on {@link Access#TOPIC}, acknowledged by every in-sync replica; if the broker does not take it in
 * time the read answers 503 {@code ACCESS_NOT_RECORDED}: no read without a trace. The ledger records
 * it in the subject's record.
 *
 * <p>{@link #read} starts the hand-over and the query runs while the broker acknowledges it; the
 * answer waits for the acknowledgement before its first byte ({@link #awaitRecorded}: every body a
 * controller returns passes {@link RecordedBeforeAnswer}, a streamed one {@link #recordedFirst}).
 */
@Component
public class AccessLog {

    /** The request header a reader gives the purpose of the read in (for example a case number). */
    public static final String PURPOSE_HEADER = "Ledger-Access-Purpose";
    static final int PURPOSE_LIMIT = 200;
    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);
    private static final String HANDED_OVER = AccessLog.class.getName() + ".handedOver";
    private static final ObjectWriter JSON = LedgerJson.mapper().writerFor(Access.class);

    private final Producer<byte[], byte[]> kafka;
    private final Clock clock;
    private final Duration timeout;

    AccessLog(Producer<byte[], byte[]> accessProducer, Clock clock, AccessHandover.Properties properties) {
        this.kafka = accessProducer;
        this.clock = clock;
        this.timeout = properties.timeout();
    }

    /** Hands the current request's read of {@code subject}'s data to the ledger, unless the reader is that subject. */
    public void read(String subject) {
        read(List.of(subject));
    }

    /** Hands the current request's read of each subject's data in {@code subjects} to the ledger, except the reader's own. */
    public void read(Collection<String> subjects) {
        HttpServletRequest request = currentRequest();
        String purpose = purpose(request.getHeader(PURPOSE_HEADER));
        Caller caller = Caller.of(SecurityContextHolder.getContext().getAuthentication());
        List<String> others = subjects.stream().distinct().filter(s -> caller == null || !caller.isSubject(s)).toList();
        if (others.isEmpty() || caller == null) {
            return;
        }
        boolean asApp = !caller.is(Role.AUDITOR) && caller.is(Role.APP);
        String role = asApp ? "app" : caller.is(Role.AUDITOR) ? "auditor" : caller.roles().iterator().next().name().toLowerCase();
        String accessor = asApp ? caller.appId() : caller.name();
        CompletableFuture<?>[] sends = others.stream().map(subject -> send(new Access(UUID.randomUUID().toString(), subject,
                clock.instant(), role, accessor, request.getRequestURI(), purpose))).toArray(CompletableFuture[]::new);
        CompletableFuture<?> earlier = (CompletableFuture<?>) request.getAttribute(HANDED_OVER);
        CompletableFuture<Void> handedOver = CompletableFuture.allOf(sends);
        request.setAttribute(HANDED_OVER, earlier == null ? handedOver : CompletableFuture.allOf(earlier, handedOver));
    }

    /**
     * Waits until the broker has taken every access {@code request} handed over; 503 {@code
     * ACCESS_NOT_RECORDED} if it does not in time. Called before the first byte of an answer.
     */
    void awaitRecorded(HttpServletRequest request) {
        CompletableFuture<?> handedOver = (CompletableFuture<?>) request.getAttribute(HANDED_OVER);
        if (handedOver == null) {
            return;
        }
        request.removeAttribute(HANDED_OVER);
        try {
            handedOver.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("a read of a subject's data was refused: its access could not be handed to the ledger ({})",
                    e.getCause() != null ? e.getCause().toString() : e.toString());
            throw notRecorded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notRecorded();
        }
    }

    /**
     * The body of {@code response}, which writes nothing (not even {@code contentType}, or a refusal
     * would go out as that type) before the current request's accesses are taken by the broker: for
     * an answer streamed as it is read rather than returned whole.
     */
    public OutputStream recordedFirst(HttpServletResponse response, String contentType) throws IOException {
        HttpServletRequest request = currentRequest();
        return new FilterOutputStream(response.getOutputStream()) {
            private boolean recorded;
            private boolean refused;

            @Override
            public void write(int b) throws IOException {
                awaitOnce();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                awaitOnce();
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                awaitOnce();
                out.flush();
            }

            private void awaitOnce() {
                if (refused) {
                    // What the answer had buffered before the refusal must not follow its problem body.
                    throw notRecorded();
                }
                if (!recorded) {
                    try {
                        awaitRecorded(request);
                    } catch (Refusal e) {
                        refused = true;
                        throw e;
                    }
                    recorded = true;
                    response.setContentType(contentType);
                }
            }
        };
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private CompletableFuture<Void> send(Access access) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            kafka.send(new ProducerRecord<>(Access.TOPIC, JSON.writeValueAsBytes(access)), (metadata, failure) -> {
                if (failure != null) {
                    sent.completeExceptionally(failure);
                } else {
                    sent.complete(null);
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /** The purpose a reader gave: at most {@value #PURPOSE_LIMIT} printable characters, or none. */
    static String purpose(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.codePointCount(0, header.length()) > PURPOSE_LIMIT || header.codePoints().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("INVALID_PURPOSE", PURPOSE_HEADER + " holds at most " + PURPOSE_LIMIT
                    + " printable characters");
        }
        return header.strip();
    }

    private static Refusal notRecorded() {
        return new Refusal(HttpStatus.SERVICE_UNAVAILABLE, "ACCESS_NOT_RECORDED",
                "the read could not be recorded in the ledger, so it is not answered; try again later");
    }
}
