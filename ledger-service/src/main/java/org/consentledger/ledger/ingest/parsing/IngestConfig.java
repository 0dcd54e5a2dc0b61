package org.consentledger.ledger.ingest.parsing;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class IngestConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CloudEventParser cloudEventParser(Clock clock, MessageLimits limits) {
        return new CloudEventParser(clock, limits.maxMessageBytes(), limits.maxClockSkew());
    }

}
