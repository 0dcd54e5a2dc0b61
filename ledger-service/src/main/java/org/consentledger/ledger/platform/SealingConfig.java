package org.consentledger.ledger.platform;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.consentledger.contracts.subject.SubjectEvent;
import org.consentledger.ledger.subject.SubjectSnapshot;
import org.consentledger.storage.sealing.MasterKey;
import org.consentledger.storage.sealing.SealedEvents;
import org.consentledger.storage.sealing.SealedTypes;
import org.consentledger.storage.sealing.SubjectKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(SealingConfig.class);

    /**
     * @param masterKey     base64 of 32 random bytes ({@code LEDGER_MASTER_KEY}); else read from {@code masterKeyFile}
     * @param masterKeyFile a file holding it ({@code LEDGER_MASTER_KEY_FILE}; the dev stack makes one, mode 0600)
     * @param cachedKeys    subjects' unwrapped keys kept in memory (least recently used go first)
     * @param nextMasterKey     a new master key to rotate to at this start ({@code LEDGER_NEXT_MASTER_KEY}), else
     * @param nextMasterKeyFile read from this file ({@code LEDGER_NEXT_MASTER_KEY_FILE}); none: no rotation
     */
    @ConfigurationProperties("ledger.keys")
    record KeysProperties(String masterKey, String masterKeyFile, int cachedKeys, String nextMasterKey,
                          String nextMasterKeyFile) {

        boolean rotating() {
            return nextMasterKey != null && !nextMasterKey.isBlank() || nextMasterKeyFile != null && !nextMasterKeyFile.isBlank();
        }
    }

    /** The subjects' keys, under the next master key if one is given (rotated before anything else runs). */
    @Bean
    @DependsOn("flywayInitializer")
    SubjectKeys subjectKeys(ConnectionProvider connections, KeysProperties keys) {
        SubjectKeys current = new SubjectKeys(connections, MasterKey.of(keys.masterKey(), keys.masterKeyFile()),
                keys.cachedKeys()).verified();
        if (!keys.rotating()) {
            return current;
        }
        SubjectKeys rotated = current.rotatedTo(MasterKey.of(keys.nextMasterKey(), keys.nextMasterKeyFile())).verified();
        log.warn("the master key is rotated: every data key is now wrapped by the next master key; run both services"
                + " with it from now on (LEDGER_MASTER_KEY or LEDGER_MASTER_KEY_FILE) and without LEDGER_NEXT_MASTER_KEY*");
        return rotated;
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
