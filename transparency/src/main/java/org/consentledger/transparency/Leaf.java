package org.consentledger.transparency;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * One stored event as a leaf of the log: its stored identifier, aggregate (a subject's record, or
 * the stored aggregate identifier of an event of none), sequence, stored payload type, the time it
 * was recorded (RFC 3339) and its payload as stored (a subject's sealed, others in clear). The leaf's
 * bytes are the RFC 8785 (JCS) canonical JSON of these six members, so anyone recomputes them from
 * the stored row, and its hash is RFC 9162's leaf hash of those bytes.
 */
public record Leaf(String eventId, String aggregate, long sequence, String type, String time, byte[] payload) {

    private static final JsonFactory JSON = new JsonFactory();

    private static final byte[] SEALED_START = "{\"sealed\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEALED_END = "\"}".getBytes(StandardCharsets.US_ASCII);
    /** What precedes each member of a plain leaf (the payload third), in RFC 8785's order of members, and what ends it. */
    private static final String[] PLAIN_SYNTAX = {"{\"aggregate\":\"", "\",\"eventId\":\"", "\",\"payload\":",
            ",\"sequence\":", ",\"time\":\"", "\",\"type\":\"", "\"}"};

    /** The canonical bytes: what the log hashes, serves and a verifier checks. */
    public byte[] bytes() {
        return isPlain() ? plainBytes() : canonicalized();
    }

    public byte[] hash() {
        return Merkle.leafHash(bytes());
    }

    /** The bytes as the canonicalizer writes them, whatever the members and payload hold. */
    byte[] canonicalized() {
        try {
            StringWriter json = new StringWriter(payload.length + 256);
            try (JsonGenerator leaf = JSON.createGenerator(json)) {
                leaf.writeStartObject();
                leaf.writeStringField("eventId", eventId);
                leaf.writeStringField("aggregate", aggregate);
                leaf.writeNumberField("sequence", sequence);
                leaf.writeStringField("type", type);
                leaf.writeStringField("time", time);
                // the stored JSON as it is: the canonicalizer parses it (and refuses it if it is not JSON)
                leaf.writeFieldName("payload");
                leaf.writeRawValue(new String(payload, StandardCharsets.UTF_8));
                leaf.writeEndObject();
            }
            return new JsonCanonicalizer(json.toString()).getEncodedUTF8();
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("a stored payload is not JSON: event " + eventId,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /*
     * Nearly every leaf is an event of a subject: members of printable ASCII that need no escape, and
     * the payload in its sealed form, {"sealed":"<JWE compact serialization>"}, which is canonical as
     * stored. Such a leaf's canonical bytes are its members in RFC 8785's order, written as they are,
     * without parsing the payload again and a tree and three copies of it per event (LeafTest checks
     * that both ways give the same bytes).
     */
    private boolean isPlain() {
        return sequence >= 0 && sequence < 1L << 53 && plain(eventId) && plain(aggregate) && plain(type) && plain(time)
                && sealedForm(payload);
    }

    private static boolean plain(String member) {
        for (int i = 0; i < member.length(); i++) {
            char c = member.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean sealedForm(byte[] payload) {
        int end = payload.length - SEALED_END.length;
        if (end < SEALED_START.length || !Arrays.equals(payload, 0, SEALED_START.length, SEALED_START, 0, SEALED_START.length)
                || !Arrays.equals(payload, end, payload.length, SEALED_END, 0, SEALED_END.length)) {
            return false;
        }
        for (int i = SEALED_START.length; i < end; i++) {
            byte b = payload[i];
            boolean base64url = (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
            if (!base64url && b != '.') {
                return false;
            }
        }
        return true;
    }

    private byte[] plainBytes() {
        String[] members = {aggregate, eventId, null, Long.toString(sequence), time, type, ""};
        int length = payload.length;
        for (int i = 0; i < members.length; i++) {
            length += PLAIN_SYNTAX[i].length() + (members[i] == null ? 0 : members[i].length());
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < members.length; i++) {
            at = put(out, at, PLAIN_SYNTAX[i]);
            if (members[i] == null) {
                System.arraycopy(payload, 0, out, at, payload.length);
                at += payload.length;
            } else {
                at = put(out, at, members[i]);
            }
        }
        return out;
    }

    /** Writes {@code ascii} (printable ASCII) at {@code at}; returns where it ends. */
    private static int put(byte[] out, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            out[at++] = (byte) ascii.charAt(i);
        }
        return at;
    }
}
