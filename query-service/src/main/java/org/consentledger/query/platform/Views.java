package org.consentledger.query.platform;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * All projections run in one processor: each event is then read, deserialized, offered to the
 * segments and committed once, not once per projection (which measured as most of the read side's
 * work), and a holding's status is always projected together with the consents it is judged against.
 */
@Configuration
public class Views {

    /** The processing group, and the processor's name in {@code token_entry} and the admin endpoints. */
    public static final String GROUP = "views";

    /**
     * How many of the processor's segments one instance claims at most (0: every one it can). Axon 4
     * without Axon Server lets the first instance claim every free segment and never rebalances, so
     * several instances share the read side only when each is capped.
     */
    @Bean
    ConfigurerModule viewsClaimLimit(ViewsProperties views) {
        int maxClaimedSegments = views.maxClaimedSegments();
        return configurer -> configurer.eventProcessing(processing -> {
            if (maxClaimedSegments > 0) {
                processing.registerPooledStreamingEventProcessorConfiguration(GROUP,
                        (config, builder) -> builder.maxClaimedSegments(maxClaimedSegments));
            }
        });
    }
}
