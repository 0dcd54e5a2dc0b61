package org.consentledger.ledger.ingest;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

}
