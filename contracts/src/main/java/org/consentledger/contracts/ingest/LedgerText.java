package org.consentledger.contracts.ingest;

import java.util.Optional;

/**
 * The text the ledger holds: every string it stores must be text PostgreSQL and the views can hold as
 * it came: no control characters (NUL, line breaks, C1 controls) and no UTF-16 surrogate without its
 * partner (an escaped lone {@code \ud800} would be stored as {@code ?}, merging ids). Reports with
 * other strings are refused at ingestion, names of apps at registration.
 */
public final class LedgerText {

    private LedgerText() {
    }

    /**
     * Why the string at {@code path} cannot be held as it came, with the rule, for a refusal's detail;
     * empty when it can.
     */
    public static Optional<String> problem(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return refusal(path, String.format("holds the control character U+%04X at position %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return refusal(path, String.format("holds the unpaired surrogate U+%04X at position %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(String path, String problem) {
        return Optional.of(path + ": " + problem + "; strings may hold no control characters and no unpaired surrogates");
    }
}
