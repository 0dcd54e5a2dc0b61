package org.consentledger.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * C2SP signed-note v1.0.0 with Ed25519 (key type 0x01), on the JDK's Ed25519: a note is its text
 * (ending in a newline), a blank line and signature lines {@code — <name> <base64(key id ‖ signature)>};
 * the key id is the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); a verifier key is
 * {@code <name>+<hex key id>+<base64(0x01 ‖ public key)>}.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    /** DER before a raw Ed25519 public key (RFC 8410 SubjectPublicKeyInfo). */
    private static final byte[] PUBLIC_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** DER before a raw Ed25519 private key (RFC 8410 OneAsymmetricKey, no public key). */
    private static final byte[] PRIVATE_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private SignedNote() {
    }

    /** A note's signer: its name, and its Ed25519 key as 32 raw bytes. */
    public record Signer(String name, byte[] privateKey, byte[] publicKey) {

        public Signer {
            checkName(name);
        }

        /** A new random key named {@code name}. */
        public static Signer generate(String name) {
            try {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] pkcs8 = pair.getPrivate().getEncoded();
                byte[] x509 = pair.getPublic().getEncoded();
                return new Signer(name, Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length),
                        Arrays.copyOfRange(x509, x509.length - 32, x509.length));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        public Verifier verifier() {
            return new Verifier(name, publicKey);
        }

        /** {@code text} (ending in a newline) signed: the note. */
        public String sign(String text) {
            checkText(text);
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(signingKey());
                ed25519.update(text.getBytes(StandardCharsets.UTF_8));
                byte[] signature = concat(verifier().keyId(), ed25519.sign());
                return text + "\n" + SIGNATURE_PREFIX + name + " " + Base64.getEncoder().encodeToString(signature) + "\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signing failed", e);
            }
        }

        private PrivateKey signingKey() throws GeneralSecurityException {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(PRIVATE_PREFIX, privateKey)));
        }
    }

    /** Who checks a note: a signer's name and public key. */
    public record Verifier(String name, byte[] publicKey) {

        public Verifier {
            checkName(name);
            if (publicKey.length != 32) {
                throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
            }
        }

        /** A verifier key as C2SP writes it: {@code <name>+<hex key id>+<base64(0x01 ‖ public key)>}. */
        public static Verifier parse(String verifierKey) {
            String[] parts = verifierKey.strip().split("\\+", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a verifier key is <name>+<key id>+<key>");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a verifier key's key is not base64", e);
            }
            if (key.length != 33 || key[0] != ED25519) {
                throw new IllegalArgumentException("not an Ed25519 verifier key (type 0x01 and 32 bytes)");
            }
            Verifier verifier = new Verifier(parts[0], Arrays.copyOfRange(key, 1, key.length));
            if (!HexFormat.of().formatHex(verifier.keyId()).equals(parts[1])) {
                throw new IllegalArgumentException("a verifier key's id does not match its name and key");
            }
            return verifier;
        }

        /** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes. */
        public byte[] keyId() {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(name.getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
                sha256.update(ED25519);
                return Arrays.copyOf(sha256.digest(publicKey), 4);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return name + "+" + HexFormat.of().formatHex(keyId()) + "+"
                    + Base64.getEncoder().encodeToString(concat(new byte[] {ED25519}, publicKey));
        }

        /**
         * The text of {@code note} if one of its signatures is this verifier's and verifies; else an
         * {@link IllegalArgumentException} that says why.
         */
        public String verify(String note) {
            int end = note.lastIndexOf("\n\n");
            if (end < 0 || !note.endsWith("\n")) {
                throw new IllegalArgumentException("not a signed note: no blank line before its signatures");
            }
            String text = note.substring(0, end + 1);
            checkText(text);
            for (String line : note.substring(end + 2, note.length() - 1).split("\n", -1)) {
                if (!line.startsWith(SIGNATURE_PREFIX)) {
                    throw new IllegalArgumentException("a signature line does not start with an em dash and a space");
                }
                String[] parts = line.substring(SIGNATURE_PREFIX.length()).split(" ", -1);
                if (parts.length != 2 || !parts[0].equals(name)) {
                    continue;
                }
                byte[] signature = Base64.getDecoder().decode(parts[1]);
                if (signature.length == 68 && Arrays.equals(signature, 0, 4, keyId(), 0, 4)) {
                    if (!valid(text, Arrays.copyOfRange(signature, 4, signature.length))) {
                        throw new IllegalArgumentException("the signature of " + name + " does not verify");
                    }
                    return text;
                }
            }
            throw new IllegalArgumentException("the note has no signature by " + this);
        }

        private boolean valid(String text, byte[] signature) {
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                        new X509EncodedKeySpec(concat(PUBLIC_PREFIX, publicKey))));
                ed25519.update(text.getBytes(StandardCharsets.UTF_8));
                return ed25519.verify(signature);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c) || c < 0x20)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
    }

    private static void checkText(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a note's text ends with a newline");
        }
        if (text.chars().anyMatch(c -> c < 0x20 && c != '\n')) {
            throw new IllegalArgumentException("a note's text holds no control characters other than newlines");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
