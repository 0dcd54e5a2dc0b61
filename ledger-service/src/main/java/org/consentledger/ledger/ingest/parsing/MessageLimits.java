package org.consentledger.ledger.ingest.parsing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the door accepts besides the JSON Schemas.
 *
 * @param maxMessageBytes a larger message is dead-lettered unread with {@code MESSAGE_TOO_LARGE}
 * @param maxClockSkew    an event whose time lies further ahead of the ledger's clock is {@code TIME_IN_FUTURE}
 */
@ConfigurationProperties("ledger")
record MessageLimits(int maxMessageBytes, Duration maxClockSkew) {
}
