package org.consentledger.transparency;

import java.util.Base64;

/**
 * A C2SP tlog-checkpoint v1.0.0 body: the log's origin, its tree size and root hash, one per line,
 * each ending in a newline. Signed as a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] root) {

    public Checkpoint {
        if (origin == null || origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("a checkpoint has a size of 0 or more and a 32-byte root");
        }
    }

    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** The checkpoint a note's text says (extension lines after the root are allowed and passed over). */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("a checkpoint is an origin, a size and a root hash, one per line");
        }
        try {
            if (!lines[1].matches("0|[1-9][0-9]*")) {
                throw new NumberFormatException(lines[1]);
            }
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a checkpoint's size is a decimal number and its root base64 of 32 bytes", e);
        }
    }
}
