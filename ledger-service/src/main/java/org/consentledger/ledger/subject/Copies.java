package org.consentledger.ledger.subject;

/**
 * Whose copies of the subject's data a fact reads or changes, as the rules see them: a transfer
 * reads the sender's (does it hold the data, on which consents) and adds to the recipient's; a
 * collection adds to the collector's; an erasure removes from the eraser's. Consents, withdrawals
 * and receipts touch none ({@link Fact#reads}, {@link Fact#adds}, {@link Fact#removes}).
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
        return touches(a.reads(), b.adds(), b.removes()) || touches(b.reads(), a.adds(), a.removes())
                || touches(a.adds(), b.removes()) || touches(a.removes(), b.adds());
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
}
