package org.consentledger.query.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.consentledger.contracts.subject.SubjectEvent;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SealedEvents;
import org.consentledger.storage.sealing.SealedTypes;
import org.consentledger.storage.sealing.SealedDeadLetters;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The read side opens the subjects' events it projects with the ledger's master key (refused at
 * startup if missing or not the ledger's), and passes over the events of forgotten subjects.
 */
@Configuration
class SealingConfig {

    /**
     * @param masterKey     base64 of 32 random bytes ({@code LEDGER_MASTER_KEY}); else read from {@code masterKeyFile}
     * @param masterKeyFile a file holding it ({@code LEDGER_MASTER_KEY_FILE})
     * @param cachedKeys    subjects' unwrapped keys kept in memory (least recently used go first)
     */
    @ConfigurationProperties("ledger.keys")
    record KeysProperties(String masterKey, String masterKeyFile, int cachedKeys) {
    }

    @Bean
    @DependsOn("flywayInitializer")
    SubjectKeys subjectKeys(ConnectionProvider connections, KeysProperties keys) {
        return new SubjectKeys(connections, MasterKey.of(keys.masterKey(), keys.masterKeyFile()), keys.cachedKeys()).verified();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    EventUpcaster sealedEvents(SubjectKeys keys) {
        return new SealedEvents(keys, SealedTypes.of(SubjectEvent.class));
    }

    /**
     * The views' dead-letter queue as Axon's JDBC one, keeping a parked event of a subject sealed under
     * a key of that subject ({@link SealedDeadLetters}): nothing personal at rest there either.
     */
    @Bean
    DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties processors, ConnectionProvider connections, TransactionManager transactions,
            DeadLetterSchema schema, Serializer serializer, SubjectKeys keys) {
        return new DeadLetterQueueProviderConfigurerModule(processors, group -> config -> SealedDeadLetters.queue(group,
                connections, transactions, schema, serializer, keys, SealedTypes.of(SubjectEvent.class)));
    }
}
