package org.consentledger.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class QueryApplication {

    /** Own config name, so both services can run side by side in one JVM (the dev stack, the tests). */
    public static final String CONFIG_NAME = "spring.config.name=query-service";

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        // The ledger calls no one home; machines without internet would log a failure every few seconds.
        System.setProperty("axoniq.update-checker.disabled", "true");
        // Axon's event store reads ahead into a cache its readers share. The views are its only reader
        // here, so the cache buys nothing; and while the views' work packages are full their reader
        // stops asking, the store keeps reading ahead, and every event read stays reachable from that
        // reader's place: at a million events, with the views behind, 263,000 cached events filled the
        // heap (docs/performance-log.md, issue 28). Without it each reader reads as far as it asks.
        System.setProperty("optimize-event-consumption", "false");
        return new SpringApplicationBuilder(QueryApplication.class).properties(CONFIG_NAME).run(args);
    }
}
