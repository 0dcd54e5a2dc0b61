package org.consentledger.storage.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Iterator;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the members of a stored event or snapshot: each member's JSON value becomes a JWE
 * compact string ({@code dir}, {@code A256GCM}) under the event's own key, derived from its subject's
 * key and the stored event's identifier (HKDF-SHA256, RFC 5869). One event's key opens that event
 * only, so a person can be handed the key of one entry (a receipt) without the rest of their record.
 */
public final class Sealer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);
    private static final String EVENT_KEY_INFO = "consent-ledger event key ";

    private Sealer() {
    }

    /** The key that seals the members of one stored event (or snapshot) of a subject. */
    public static byte[] eventKey(byte[] subjectKey, String eventId) {
        return hkdf(subjectKey, (EVENT_KEY_INFO + eventId).getBytes(StandardCharsets.UTF_8), 32);
    }

    /** {@code json} (an object) with every member sealed under {@code eventKey}. */
    public static byte[] seal(byte[] json, byte[] eventKey) {
        try {
            JsonNode clear = JSON.readTree(json);
            ObjectNode sealed = JSON.createObjectNode();
            DirectEncrypter encrypter = new DirectEncrypter(eventKey);
            for (Iterator<Map.Entry<String, JsonNode>> members = clear.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                JWEObject jwe = new JWEObject(HEADER, new Payload(JSON.writeValueAsBytes(member.getValue())));
                jwe.encrypt(encrypter);
                sealed.put(member.getKey(), jwe.serialize());
            }
            return JSON.writeValueAsBytes(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException("sealing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The members of a sealed object opened with {@code eventKey}: the object as it was before {@link #seal}. */
    public static ObjectNode open(JsonNode sealed, byte[] eventKey) {
        try {
            ObjectNode clear = JSON.createObjectNode();
            DirectDecrypter decrypter = new DirectDecrypter(eventKey);
            for (Iterator<Map.Entry<String, JsonNode>> members = sealed.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (!(member.getValue() instanceof TextNode text)) {
                    throw new IllegalArgumentException("member " + member.getKey() + " is not sealed");
                }
                JWEObject jwe = JWEObject.parse(text.textValue());
                jwe.decrypt(decrypter);
                clear.set(member.getKey(), JSON.readTree(jwe.getPayload().toBytes()));
            }
            return clear;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("a sealed member cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    /** HKDF-SHA256 (RFC 5869) without salt: extract, then expand to {@code length} bytes. */
    static byte[] hkdf(byte[] inputKey, byte[] info, int length) {
        return hkdf(new byte[32], inputKey, info, length);
    }

    static byte[] hkdf(byte[] salt, byte[] inputKey, byte[] info, int length) {
        return expand(hmac(salt, inputKey), info, length);
    }

    static byte[] expand(byte[] pseudoRandomKey, byte[] info, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int filled = 0, i = 1; filled < length; i++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) i;
            block = hmac(pseudoRandomKey, input);
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
