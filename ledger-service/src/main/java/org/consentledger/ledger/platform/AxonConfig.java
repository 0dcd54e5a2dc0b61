package org.consentledger.ledger.platform;

import java.util.Map;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.axonframework.serialization.Serializer;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.SubjectCommand;
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

    /**
     * Every command names its subject's record in its metadata ({@link SubjectCommand#RECORD}): the
     * aggregate is stored under that surrogate, never under the subject id.
     */
    @Bean
    CommandTargetResolver subjectTargetResolver() {
        return command -> new VersionedAggregateIdentifier((String) command.getMetaData().get(SubjectCommand.RECORD), null);
    }

    /**
     * Events carry no correlation metadata. Axon's default copies the command's random message id
     * into every event as {@code traceId} and {@code correlationId}, which traces nothing here: each
     * command is made from one report, and every event already names that report in its payload
     * ({@code origin}: the app and the message id it sent). Replaces Axon's {@code MessageOriginProvider}.
     */
    @Bean
    CorrelationDataProvider noCorrelationData() {
        return message -> Map.of();
    }
}
