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
        return new SpringApplicationBuilder(QueryApplication.class).properties(CONFIG_NAME).run(args);
    }
}
