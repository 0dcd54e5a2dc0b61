package org.consentledger.ledger.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start, provisions every registered app on the broker again: what a registration could not
 * create (the broker away at that moment) or someone removed is there once the ledger runs.
 */
@Component
class AppProvisioning {

    private static final Logger log = LoggerFactory.getLogger(AppProvisioning.class);

    private final AppRegistry registry;
    private final AppKafka kafka;

    AppProvisioning(AppRegistry registry, AppKafka kafka) {
        this.registry = registry;
        this.kafka = kafka;
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionRegisteredApps() {
        for (App app : registry.findAll()) {
            try {
                kafka.provision(app.appId());
            } catch (RuntimeException e) {
                log.warn("app {} could not be provisioned on the broker: {}", app.appId(), e.toString());
            }
        }
    }
}
