package org.consentledger.query.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Where a keyset page ends: the sort keys of its last row, handed out as an opaque {@code next}
 * and taken back as {@code after}. A row inserted behind a reader's position is not seen and none
 * ahead of it is seen twice, however the answer changes between pages.
 */
public final class Keyset {

    /** The largest page any paged answer gives. */
    public static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Keyset() {
    }

    /** {@code limit} if it is a page size the ledger serves, else 400 {@code INVALID_PARAMETER}. */
    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("INVALID_PARAMETER", "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static String encode(String... keys) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code size} keys of an {@code after} cursor, or null for the first page; 400 if it is no cursor of that kind. */
    public static List<String> decode(String after, int size) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            String[] keys = JSON.readValue(new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8),
                    String[].class);
            if (keys.length == size && Arrays.stream(keys).noneMatch(java.util.Objects::isNull)) {
                return List.of(keys);
            }
        } catch (IllegalArgumentException | IOException e) {
            // not a cursor: refused below
        }
        throw new BadRequestException("INVALID_PARAMETER", "after='" + after + "' is not a cursor from a `next` link");
    }
}
