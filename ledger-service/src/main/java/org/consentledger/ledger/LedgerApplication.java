package org.consentledger.ledger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class LedgerApplication {

    /** Own config name, so both services can run side by side in one JVM (the dev stack, the tests). */
    public static final String CONFIG_NAME = "spring.config.name=ledger-service";

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        // The ledger calls no one home; machines without internet would log a failure every few seconds.
        System.setProperty("axoniq.update-checker.disabled", "true");
        return new SpringApplicationBuilder(LedgerApplication.class).properties(CONFIG_NAME).run(args);
    }
}
