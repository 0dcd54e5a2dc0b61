package org.consentledger.storage.sealing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens a subject's stored events and snapshots: the event's JSON, as the serializer wrote
 * it, becomes one JWE compact string (RFC 7516; {@code alg} {@code dir}, {@code enc} {@code A256GCM},
 * and for JSON of a kilobyte or more {@code zip} {@code DEF}: compressed first, as ciphertext does
 * not compress and large events, lists of ids, do),
 * stored as {@code {"sealed":"<JWE>"}}, under the event's own key, derived from its subject's key and
 * the stored event's identifier (HKDF-SHA256, RFC 5869). One event's key opens that event only, so a
 * person can be handed the key of one entry (a receipt) without the rest of their record. The compact
 * form is written and read with the JDK's AES-GCM (a cipher per thread), which any JOSE library opens
 * and which opens what any JOSE library writes ({@code SealerTest}); a header other than the one this
 * class writes is read by Nimbus.
 */
public final class Sealer {

    /** The one member of a sealed object: its value is the JWE. */
    public static final String MEMBER = "sealed";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PREFIX = ("{\"" + MEMBER + "\":\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\"}".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();
    private static final String PLAIN_HEADER = header(null, false);
    private static final String COMPRESSED_HEADER = header(null, true);
    private static final byte[] PLAIN_HEADER_BYTES = PLAIN_HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMPRESSED_HEADER_BYTES = COMPRESSED_HEADER.getBytes(StandardCharsets.US_ASCII);
    /** Smaller JSON is sealed as it is: compressing it costs more than storing its bytes. */
    private static final int COMPRESSED_FROM = 1024;
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

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED, true));
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private Sealer() {
    }

    /** The key that seals one stored event (or snapshot) of a subject. */
    public static byte[] eventKey(byte[] subjectKey, String eventId) {
        return hkdf(subjectKey, (EVENT_KEY_INFO + eventId).getBytes(StandardCharsets.UTF_8), 32);
    }

    /** The key that seals a subject's events kept outside the event store (the views' dead letters). */
    public static byte[] deadLetterKey(byte[] subjectKey) {
        return hkdf(subjectKey, DEAD_LETTER_KEY_INFO.getBytes(StandardCharsets.UTF_8), 32);
    }

    /** {@code json} sealed under {@code key}: {@code {"sealed":"<JWE>"}}. */
    public static byte[] seal(byte[] json, byte[] key) {
        return seal(json, key, null);
    }

    /** As {@link #seal(byte[], byte[])}, the JWE's header naming {@code keyId} ({@code kid}) when given. */
    public static byte[] seal(byte[] json, byte[] key, String keyId) {
        return encrypt(json, key, keyId, json.length >= COMPRESSED_FROM, PREFIX, SUFFIX);
    }

    /** What {@link #seal} sealed, opened with {@code key}: the JSON as it was given. */
    public static byte[] open(byte[] sealed, byte[] key) {
        byte[] opened = openPlain(sealed, key);
        return opened != null ? opened : decrypt(compact(sealed), key, null);
    }

    /**
     * Opens the sealed form as {@link #seal} writes it without a key id, read in place; null for any
     * other form (the JSON spaced, another header), which {@link #decrypt} reads.
     */
    private static byte[] openPlain(byte[] sealed, byte[] key) {
        int start = PREFIX.length;
        int end = sealed.length - SUFFIX.length;
        if (end <= start || !Arrays.equals(sealed, 0, start, PREFIX, 0, start)
                || !Arrays.equals(sealed, end, sealed.length, SUFFIX, 0, SUFFIX.length)) {
            return null;
        }
        int[] dots = new int[4];
        for (int i = start, found = 0; i < end; i++) {
            if (sealed[i] == '.') {
                if (found == 4) {
                    return null;
                }
                dots[found++] = i;
            }
        }
        boolean compressed;
        if (Arrays.equals(sealed, start, dots[0], PLAIN_HEADER_BYTES, 0, PLAIN_HEADER_BYTES.length)) {
            compressed = false;
        } else if (Arrays.equals(sealed, start, dots[0], COMPRESSED_HEADER_BYTES, 0, COMPRESSED_HEADER_BYTES.length)) {
            compressed = true;
        } else {
            return null;
        }
        if (dots[1] != dots[0] + 1 || dots[3] == 0) {
            return null;
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, decoded(sealed, dots[1] + 1, dots[2])));
            cipher.updateAAD(sealed, start, dots[0] - start);
            // GCM decryption holds everything back until the tag: the ciphertext, then the tag
            cipher.update(decoded(sealed, dots[2] + 1, dots[3]));
            byte[] plaintext = cipher.doFinal(decoded(sealed, dots[3] + 1, end));
            return compressed ? inflate(plaintext) : plaintext;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed value cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] decoded(byte[] bytes, int from, int to) {
        ByteBuffer decoded = BASE64URL_DECODER.decode(ByteBuffer.wrap(bytes, from, to - from));
        return decoded.remaining() == decoded.capacity() ? decoded.array() : Arrays.copyOf(decoded.array(), decoded.remaining());
    }

    /** The key id ({@code kid}) a sealed object's header names. */
    public static String keyId(byte[] sealed) {
        String keyId = parseHeader(compact(sealed).split("\\.", -1)[0]).getKeyID();
        if (keyId == null) {
            throw new IllegalArgumentException("the sealed object names no key");
        }
        return keyId;
    }

    /** The JWE of a sealed object: the value of its one member. */
    private static String compact(byte[] sealed) {
        int length = sealed.length - PREFIX.length - SUFFIX.length;
        if (length > 0 && Arrays.equals(sealed, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                && Arrays.equals(sealed, sealed.length - SUFFIX.length, sealed.length, SUFFIX, 0, SUFFIX.length)) {
            // base64url and dots need no escaping: the bytes between the quotes are the string
            return new String(sealed, PREFIX.length, length, StandardCharsets.US_ASCII);
        }
        try (JsonParser parser = JSON.createParser(sealed)) {
            if (parser.nextToken() == JsonToken.START_OBJECT && parser.nextToken() == JsonToken.FIELD_NAME
                    && MEMBER.equals(parser.currentName()) && parser.nextToken() == JsonToken.VALUE_STRING) {
                String compact = parser.getText();
                if (parser.nextToken() == JsonToken.END_OBJECT) {
                    return compact;
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a sealed object is not JSON", e);
        }
        throw new IllegalArgumentException("not a sealed object: {\"" + MEMBER + "\":\"<JWE>\"} expected");
    }

    /**
     * JWE compact serialization with {@code dir}: no encrypted key; AES-GCM over the protected header's
     * encoding as AAD; the plaintext DEFLATE-compressed first when {@code compressed} ({@code "zip":"DEF"}).
     */
    static String encrypt(byte[] plaintext, byte[] key, String keyId, boolean compressed) {
        return new String(encrypt(plaintext, key, keyId, compressed, new byte[0], new byte[0]), StandardCharsets.US_ASCII);
    }

    /** The compact serialization written once, between {@code prefix} and {@code suffix}. */
    private static byte[] encrypt(byte[] plaintext, byte[] key, String keyId, boolean compressed, byte[] prefix, byte[] suffix) {
        byte[] header = keyId != null ? header(keyId, compressed).getBytes(StandardCharsets.US_ASCII)
                : compressed ? COMPRESSED_HEADER_BYTES : PLAIN_HEADER_BYTES;
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed;
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(header);
            sealed = cipher.doFinal(compressed ? deflate(plaintext) : plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed: " + e.getClass().getSimpleName(), e);
        }
        int text = sealed.length - TAG_BYTES;
        ByteBuffer ciphertext = BASE64URL.encode(ByteBuffer.wrap(sealed, 0, text));
        byte[] tag = BASE64URL.encode(Arrays.copyOfRange(sealed, text, sealed.length));
        byte[] encodedIv = BASE64URL.encode(iv);
        ByteBuffer out = ByteBuffer.allocate(prefix.length + header.length + 2 + encodedIv.length + 1
                + ciphertext.remaining() + 1 + tag.length + suffix.length);
        out.put(prefix).put(header).put((byte) '.').put((byte) '.').put(encodedIv).put((byte) '.')
                .put(ciphertext).put((byte) '.').put(tag).put(suffix);
        return out.array();
    }

    /** Opens a JWE compact string with {@code dir} / {@code A256GCM}; its header must name {@code keyId} when given. */
    static byte[] decrypt(String compact, byte[] key, String keyId) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 5 || !parts[1].isEmpty()) {
            throw new IllegalArgumentException("not a JWE compact serialization with alg dir");
        }
        boolean compressed;
        if (keyId == null && parts[0].equals(PLAIN_HEADER)) {
            compressed = false;
        } else if (keyId == null && parts[0].equals(COMPRESSED_HEADER)) {
            compressed = true;
        } else if (keyId != null && parts[0].equals(header(keyId, false))) {
            compressed = false;
        } else {
            JWEHeader header = parseHeader(parts[0]);
            if (!JWEAlgorithm.DIR.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                    || header.getCriticalParams() != null
                    || (header.getCompressionAlgorithm() != null && !CompressionAlgorithm.DEF.equals(header.getCompressionAlgorithm()))) {
                throw new IllegalArgumentException("a sealed value is not dir / A256GCM");
            }
            if (keyId != null && !keyId.equals(header.getKeyID())) {
                throw new IllegalArgumentException("a sealed value names key " + header.getKeyID() + ", not " + keyId);
            }
            compressed = header.getCompressionAlgorithm() != null;
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BYTES * 8, BASE64URL_DECODER.decode(parts[2])));
            cipher.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
            // GCM decryption holds everything back until the tag: the ciphertext, then the tag
            cipher.update(BASE64URL_DECODER.decode(parts[3]));
            byte[] plaintext = cipher.doFinal(BASE64URL_DECODER.decode(parts[4]));
            return compressed ? inflate(plaintext) : plaintext;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a sealed value cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Raw DEFLATE (RFC 1951), as JWE's {@code "zip":"DEF"} says. */
    private static byte[] deflate(byte[] data) {
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buffer = BUFFER.get();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private static byte[] inflate(byte[] data) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
        byte[] buffer = BUFFER.get();
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a sealed value's compressed content is cut short");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a sealed value's compressed content is not DEFLATE", e);
        }
        return out.toByteArray();
    }

    /** The protected header this class writes, base64url: {@code alg}, {@code enc}, {@code zip} when compressed, {@code kid} when given. */
    private static String header(String keyId, boolean compressed) {
        var header = JSON.createObjectNode().put("alg", "dir").put("enc", "A256GCM");
        if (compressed) {
            header.put("zip", "DEF");
        }
        if (keyId != null) {
            header.put("kid", keyId);
        }
        return BASE64URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JWEHeader parseHeader(String encoded) {
        try {
            return JWEHeader.parse(new Base64URL(encoded));
        } catch (ParseException e) {
            throw new IllegalArgumentException("a sealed value's header is not a JWE header", e);
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
