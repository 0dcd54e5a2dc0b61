package org.consentledger.ledger.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the read side its user on the broker at every start, so that it can hand over the accesses
 * it records ({@code docs/design.md}, Access log): the user and password both services are given.
 * Without a password the operator provisions that user (operations.md says how).
 */
@Component
class ReadSideKafka {

    private static final Logger log = LoggerFactory.getLogger(ReadSideKafka.class);

    /**
     * @param user     the read side's Kafka user; no app can have it (app ids start with a letter or digit)
     * @param password its password ({@code LEDGER_ACCESSES_KAFKA_PASSWORD}); empty: provisioned by the operator
     */
    @ConfigurationProperties("ledger.accesses.kafka")
    record Properties(String user, String password) {
    }

    private final AppKafka kafka;
    private final Properties properties;

    ReadSideKafka(AppKafka kafka, Properties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void provision() {
        if (properties.password() == null || properties.password().isBlank()) {
            log.info("no password for the read side's Kafka user {}: it is provisioned by the operator", properties.user());
            return;
        }
        try {
            kafka.provisionReadSide(properties.user(), properties.password());
        } catch (RuntimeException e) {
            log.error("the read side's Kafka user {} could not be provisioned; until it is, reads of people's data"
                    + " by others answer 503 (restart this service once the broker is back)", properties.user(), e);
        }
    }
}
