package org.consentledger.ledger.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.consentledger.contracts.subject.SubjectEvent;
import org.consentledger.ledger.subject.SubjectSnapshot;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SealedEvents;
import org.consentledger.storage.sealing.SealedTypes;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Subjects' data keys and sealed events: the master key (refused at startup if missing or not this
 * ledger's), the keys of subjects' records, and the upcaster that opens a subject's events and
 * snapshots as they are read, first of all upcasters.
 */
@Configuration
class SealingConfig {

    /**
     * @param masterKey     base64 of 32 random bytes ({@code LEDGER_MASTER_KEY}); else read from {@code masterKeyFile}
     * @param masterKeyFile a file holding it ({@code LEDGER_MASTER_KEY_FILE}; the dev stack makes one, mode 0600)
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

    /** A subject's events and its snapshots; an app's registration and a forgotten record's last event are in clear. */
    @Bean
    SealedTypes sealedTypes() {
        return SealedTypes.of(SubjectEvent.class, SubjectSnapshot.class);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    EventUpcaster sealedEvents(SubjectKeys keys, SealedTypes sealedTypes) {
        return new SealedEvents(keys, sealedTypes);
    }
}
