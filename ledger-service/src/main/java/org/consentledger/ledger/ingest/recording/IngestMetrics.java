package org.consentledger.ledger.ingest.recording;

import org.consentledger.ledger.ingest.parsing.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Ingest metrics: {@code ledger.ingest.events} by outcome (recorded, duplicate) counted once the
 * database committed them, {@code ledger.ingest.dead.lettered} by error code. Consumer lag comes
 * with Spring Kafka's consumer metrics ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
@Component
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Map<LedgerRecorder.Outcome, Counter> events = new EnumMap<>(LedgerRecorder.Outcome.class);

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (LedgerRecorder.Outcome outcome : LedgerRecorder.Outcome.values()) {
            events.put(outcome, Counter.builder("ledger.ingest.events").tag("outcome", outcome.name().toLowerCase())
                    .description("integration messages recorded, or recognised as already recorded").register(registry));
        }
    }

    void committed(List<LedgerRecorder.Outcome> outcomes) {
        outcomes.forEach(o -> events.get(o).increment());
    }

    public void deadLettered(ErrorCode code) {
        Counter.builder("ledger.ingest.dead.lettered").tag("code", code.name())
                .description("integration messages refused and dead-lettered").register(registry).increment();
    }
}
