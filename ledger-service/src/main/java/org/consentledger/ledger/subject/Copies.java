package org.consentledger.ledger.subject;

import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataTransferred;

/**
 * Whose copies of the subject's data a fact reads or changes, as the rules see them: a transfer
 * reads the sender's (does it hold the data, on which consents) and adds to the recipient's; a
 * collection adds to the collector's; an erasure removes from the eraser's. Consents, withdrawals
 * and receipts touch none.
 */
final class Copies {

    private Copies() {
    }

    /**
     * Whether judging one fact before or after the other can change what either sets: one reads or
     * removes copies of a holder the other adds to or removes from. Adding to the same holder twice,
     * or removing twice, gives the same copies in any order.
     */
    static boolean interfere(Fact a, Fact b) {
        return touches(read(a), added(b), removed(b)) || touches(read(b), added(a), removed(a))
                || touches(added(a), removed(b)) || touches(removed(a), added(b));
    }

    private static boolean touches(String holder, String... others) {
        if (holder == null) {
            return false;
        }
        for (String other : others) {
            if (holder.equals(other)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Fact fact) {
        return fact.data() instanceof DataTransferred ? fact.origin().app() : null;
    }

    private static String added(Fact fact) {
        if (fact.data() instanceof DataTransferred t) {
            return t.recipient();
        }
        return fact.data() instanceof DataCollected ? fact.origin().app() : null;
    }

    private static String removed(Fact fact) {
        return fact.data() instanceof DataErased ? fact.origin().app() : null;
    }
}
