package org.consentledger.storage.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the members of a stored event or snapshot: each member's JSON value becomes a JWE
 * compact string (RFC 7516; {@code alg} {@code dir}, {@code enc} {@code A256GCM}) under the event's
 * own key, derived from its subject's key and the stored event's identifier (HKDF-SHA256, RFC 5869).
 * One event's key opens that event only, so a person can be handed the key of one entry (a receipt)
 * without the rest of their record. The compact form is written and read with the JDK's AES-GCM (a
 * cipher per thread, the protected header's encoding computed once), which any JOSE library opens
 * and which opens what any JOSE library writes ({@code SealerTest}); a header other than the plain
 * one is read by Nimbus.
 */
public final class Sealer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);
    private static final String PLAIN_HEADER = HEADER.toBase64URL().toString();
    private static final String EVENT_KEY_INFO = "consent-ledger event key ";
    private static final String DEAD_LETTER_KEY_INFO = "consent-ledger dead letters";
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private Sealer() {
    }

    /** The key that seals the members of one stored event (or snapshot) of a subject. */
    public static byte[] eventKey(byte[] subjectKey, String eventId) {
        return hkdf(subjectKey, (EVENT_KEY_INFO + eventId).getBytes(StandardCharsets.UTF_8), 32);
    }

    /** The key that seals a subject's events kept outside the event store (the views' dead letters). */
    public static byte[] deadLetterKey(byte[] subjectKey) {
        return hkdf(subjectKey, DEAD_LETTER_KEY_INFO.getBytes(StandardCharsets.UTF_8), 32);
    }

    /** {@code json} (an object) with every member sealed under {@code eventKey}. */
    public static byte[] seal(byte[] json, byte[] eventKey) {
        return seal(json, eventKey, null);
    }

    /** As {@link #seal(byte[], byte[])}, each member's header naming {@code keyId} ({@code kid}) when given. */
    public static byte[] seal(byte[] json, byte[] eventKey, String keyId) {
        String header = keyId == null ? PLAIN_HEADER : new JWEHeader.Builder(HEADER).keyID(keyId).build().toBase64URL().toString();
        try {
            JsonNode clear = JSON.readTree(json);
            ObjectNode sealed = JSON.createObjectNode();
            SecretKeySpec key = new SecretKeySpec(eventKey, "AES");
            for (Iterator<Map.Entry<String, JsonNode>> members = clear.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                sealed.put(member.getKey(), encrypt(key, header, JSON.writeValueAsBytes(member.getValue())));
            }
            return JSON.writeValueAsBytes(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The members of a sealed object opened with {@code eventKey}: the object as it was before {@link #seal}. */
    public static ObjectNode open(JsonNode sealed, byte[] eventKey) {
        try {
            ObjectNode clear = JSON.createObjectNode();
            SecretKeySpec key = new SecretKeySpec(eventKey, "AES");
            for (Iterator<Map.Entry<String, JsonNode>> members = sealed.fields(); members.hasNext(); ) {
                Map.Entry<String, JsonNode> member = members.next();
                if (!(member.getValue() instanceof TextNode text)) {
                    throw new IllegalArgumentException("member " + member.getKey() + " is not sealed");
                }
                clear.set(member.getKey(), JSON.readTree(decrypt(key, text.textValue())));
            }
            return clear;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed member cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The key id ({@code kid}) the sealed object's members name. */
    public static String keyId(JsonNode sealed) {
        JsonNode first = sealed.elements().hasNext() ? sealed.elements().next() : null;
        String keyId = first == null || !first.isTextual() ? null : header(first.textValue().split("\\.", -1)[0]).getKeyID();
        if (keyId == null) {
            throw new IllegalArgumentException("the sealed object names no key");
        }
        return keyId;
    }

    /** JWE compact serialization with {@code dir}: no encrypted key; AES-GCM over the protected header's encoding as AAD. */
    private static String encrypt(SecretKeySpec key, String header, byte[] plaintext) throws GeneralSecurityException {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        Cipher cipher = AES_GCM.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, iv));
        cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = cipher.doFinal(plaintext);
        int text = sealed.length - TAG_BYTES;
        return header + ".." + BASE64URL.encodeToString(iv) + "."
                + BASE64URL.encodeToString(java.util.Arrays.copyOfRange(sealed, 0, text)) + "."
                + BASE64URL.encodeToString(java.util.Arrays.copyOfRange(sealed, text, sealed.length));
    }

    private static byte[] decrypt(SecretKeySpec key, String compact) throws GeneralSecurityException {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 5 || !parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a JWE compact serialization with alg dir");
        }
        if (!PLAIN_HEADER.equals(parts[0])) {
            JWEHeader header = header(parts[0]);
            if (!JWEAlgorithm.DIR.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                    || header.getCompressionAlgorithm() != null || header.getCriticalParams() != null) {
                throw new IllegalArgumentException("a sealed member is not dir / A256GCM");
            }
        }
        byte[] ciphertext = BASE64URL_DECODER.decode(parts[3]);
        byte[] tag = BASE64URL_DECODER.decode(parts[4]);
        byte[] both = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, both, 0, ciphertext.length);
        System.arraycopy(tag, 0, both, ciphertext.length, tag.length);
        Cipher cipher = AES_GCM.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, BASE64URL_DECODER.decode(parts[2])));
        cipher.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
        return cipher.doFinal(both);
    }

    private static JWEHeader header(String encoded) {
        try {
            return JWEHeader.parse(new Base64URL(encoded));
        } catch (ParseException e) {
            throw new IllegalArgumentException("a sealed member's header is not a JWE header", e);
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
            Mac mac = HMAC_SHA256.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
