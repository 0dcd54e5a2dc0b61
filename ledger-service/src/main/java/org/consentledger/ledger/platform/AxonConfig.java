package org.consentledger.ledger.platform;

import org.axonframework.serialization.Serializer;
import org.consentledger.contracts.ingest.LedgerJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration
class AxonConfig {

    /** JSON for events and snapshots; Axon uses the primary serializer for events and messages too. */
    @Bean
    @Primary
    Serializer serializer() {
        return LedgerJson.axonSerializer();
    }
}
