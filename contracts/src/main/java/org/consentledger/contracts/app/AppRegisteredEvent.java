package org.consentledger.contracts.app;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An app was registered, or its name or country changed; the read side names recipients with it. */
@Revision("1")
public record AppRegisteredEvent(String appId, String name, String country, Instant at) {
}
