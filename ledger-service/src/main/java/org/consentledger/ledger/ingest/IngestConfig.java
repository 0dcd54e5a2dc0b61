package org.consentledger.ledger.ingest;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration
class IngestConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CloudEventParser cloudEventParser(Clock clock, @Value("${ledger.max-message-bytes}") int maxMessageBytes,
                                      @Value("${ledger.max-clock-skew}") Duration maxClockSkew) {
        return new CloudEventParser(clock, maxMessageBytes, maxClockSkew);
    }

    /**
     * A poll that could not be recorded (database or broker unreachable) is retried, with backoff
     * growing to 30 s, for as long as it takes: ingestion pauses, skips nothing, and resumes.
     */
    @Bean
    DefaultErrorHandler retryForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
