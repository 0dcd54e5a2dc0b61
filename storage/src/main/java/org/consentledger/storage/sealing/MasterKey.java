package org.consentledger.storage.sealing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The ledger's master key (32 bytes, base64): it wraps every subject's data key and the key of the
 * hash that finds a subject's record without storing the subject id. Given as {@code LEDGER_MASTER_KEY} or
 * in a file; both services hold it. A wrapped key is a JWE ({@code dir}, {@code A256GCM}) whose header
 * names the record it belongs to ({@code kid}), so a key cannot be moved to another record unnoticed.
 */
public final class MasterKey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CHECK = "consent-ledger master key";

    private final byte[] wrapping;

    private MasterKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes), it has " + key.length);
        }
        this.wrapping = Sealer.hkdf(key, "consent-ledger key wrapping".getBytes(StandardCharsets.UTF_8), 32);
    }

    /** The key in {@code base64}, else in the file {@code file}; fails when neither is given or either is malformed. */
    public static MasterKey of(String base64, String file) {
        if (base64 != null && !base64.isBlank()) {
            return new MasterKey(decode(base64, "LEDGER_MASTER_KEY"));
        }
        if (file != null && !file.isBlank()) {
            try {
                return new MasterKey(decode(Files.readString(Path.of(file)).strip(), file));
            } catch (IOException e) {
                throw new IllegalStateException("the master key file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no master key: set LEDGER_MASTER_KEY (base64 of 32 random bytes, for example"
                + " `openssl rand -base64 32`) or LEDGER_MASTER_KEY_FILE; the dev stack makes one in its data directory");
    }

    /** A new random master key, base64: what the dev stack writes into its data directory. */
    public static String generate() {
        return Base64.getEncoder().encodeToString(randomKey());
    }

    private static byte[] decode(String base64, String where) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key in " + where + " is not base64", e);
        }
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** A new data key for {@code record}: the key, and its wrapped form to store. */
    public DataKey newDataKey(String record) {
        byte[] key = randomKey();
        return new DataKey(key, wrap(key, record));
    }

    public record DataKey(byte[] key, String wrapped) {
    }

    /** {@code secret} wrapped for {@code keyId} (the id binds it: {@link #unwrap} with another fails). */
    public String wrap(byte[] secret, String keyId) {
        return Sealer.encrypt(secret, wrapping, keyId, false);
    }

    /** The data key of {@code record} from its wrapped form; fails if it was wrapped for another record or another master key. */
    public byte[] unwrap(String wrapped, String record) {
        try {
            return Sealer.decrypt(wrapped, wrapping, record);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the key of record " + record + " does not open with this master key"
                    + " or belongs to another record", e);
        }
    }

    /** A value only this master key opens: stored once, so that a wrong key is noticed at startup. */
    public String check() {
        return wrap(CHECK.getBytes(StandardCharsets.UTF_8), "check");
    }

    /** Whether {@code check} was made by {@link #check} with this master key. */
    public boolean opens(String check) {
        try {
            return Arrays.equals(unwrap(check, "check"), CHECK.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
