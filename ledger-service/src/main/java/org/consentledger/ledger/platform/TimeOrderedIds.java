package org.consentledger.ledger.platform;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers as version 7 UUIDs (RFC 9562): the millisecond they were made, then 74
 * random bits. A stored event's identifier is indexed by the tamper-evident log (proofs by event id);
 * ids in time order land at the end of that index instead of at a random page of it. The time they
 * show is the event's stored timestamp anyway. Registered for Axon's {@code ServiceLoader}.
 */
public final class TimeOrderedIds extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = System.currentTimeMillis() << 16 | 0x7000L | random.nextLong() & 0x0FFFL;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
