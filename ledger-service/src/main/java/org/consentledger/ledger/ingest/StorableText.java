package org.consentledger.ledger.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Every string of a message, names and values at any depth, must be text PostgreSQL and the views can
 * hold as it came: no control characters (NUL, line breaks, C1 controls) and no UTF-16 surrogate
 * without its partner (an escaped lone {@code \ud800} would be stored as {@code ?}, merging ids).
 */
public final class StorableText {

    private StorableText() {
    }

    /** @throws InvalidEventException naming the first string that cannot be stored */
    static void check(JsonNode node, String path) {
        if (node.isTextual()) {
            check(node.textValue(), path);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                check(field.getKey(), path + " (a member name)");
                check(field.getValue(), path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        }
    }

    public static void check(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                throw refused(path, String.format("holds the control character U+%04X at position %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refused(path, String.format("holds the unpaired surrogate U+%04X at position %d", (int) c, i));
            }
        }
    }

    private static InvalidEventException refused(String path, String what) {
        return new InvalidEventException(ErrorCode.INVALID_FIELD, path + ": " + what
                + "; strings may hold no control characters and no unpaired surrogates");
    }
}
