package org.consentledger.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * One stored event as a leaf of the log: its stored identifier, aggregate (a subject's record, or
 * the stored aggregate identifier of an event of none), sequence, stored payload type, the time it
 * was recorded (RFC 3339) and its payload as stored (a subject's sealed, others in clear). The leaf's
 * bytes are the RFC 8785 (JCS) canonical JSON of these six members, so anyone recomputes them from
 * the stored row, and its hash is RFC 9162's leaf hash of those bytes.
 */
public record Leaf(String eventId, String aggregate, long sequence, String type, String time, byte[] payload) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The canonical bytes: what the log hashes, serves and a verifier checks. */
    public byte[] bytes() {
        try {
            ObjectNode leaf = JSON.createObjectNode().put("eventId", eventId).put("aggregate", aggregate)
                    .put("sequence", sequence).put("type", type).put("time", time);
            leaf.set("payload", JSON.readTree(payload));
            return new JsonCanonicalizer(JSON.writeValueAsString(leaf)).getEncodedUTF8();
        } catch (IOException e) {
            throw new UncheckedIOException("a stored payload is not JSON: event " + eventId, e);
        }
    }

    public byte[] hash() {
        return Merkle.leafHash(bytes());
    }
}
