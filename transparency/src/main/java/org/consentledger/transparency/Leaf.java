package org.consentledger.transparency;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /** The canonical bytes: what the log hashes, serves and a verifier checks. */
    public byte[] bytes() {
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

    public byte[] hash() {
        return Merkle.leafHash(bytes());
    }
}
