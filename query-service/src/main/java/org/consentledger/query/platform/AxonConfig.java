package org.consentledger.query.platform;

import java.time.Clock;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.Serializer;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.storage.EventTables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The read side reads the event store that ledger-service writes, through Axon's JDBC engine as the
 * ledger does ({@link EventTables}).
 */
@Configuration
class AxonConfig {

    @Bean
    @Primary
    Serializer serializer() {
        return LedgerJson.axonSerializer();
    }

    @Bean
    EventSchema eventSchema() {
        return EventTables.schema();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
