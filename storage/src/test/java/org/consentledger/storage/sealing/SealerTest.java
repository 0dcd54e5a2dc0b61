package org.consentledger.storage.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SealerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SUBJECT_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final String EVENT = "{\"subject\":\"alice@example.org\",\"origin\":{\"app\":\"weconnect\",\"messageId\":\"e-1\"},\"n\":7}";

    /** RFC 5869, appendix A, test case 1 (SHA-256, with salt and info). */
    @Test
    void derivesKeysAsRfc5869TestCase1() {
        byte[] okm = Sealer.hkdf(HEX.parseHex("000102030405060708090a0b0c"),
                HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    /** RFC 5869, appendix A, test case 3 (SHA-256, no salt, no info): the form the ledger uses. */
    @Test
    void derivesKeysAsRfc5869TestCase3() {
        byte[] okm = Sealer.hkdf(HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), new byte[0], 42);
        assertThat(HEX.formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @Test
    void sealsTheWholeEventSoThatNoClearValueIsLeft() throws Exception {
        byte[] sealed = Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), Sealer.eventKey(SUBJECT_KEY, "ev-1"));
        String stored = new String(sealed, StandardCharsets.UTF_8);
        assertThat(stored).doesNotContain("alice").doesNotContain("weconnect").doesNotContain("e-1").doesNotContain("subject");
        JsonNode members = JSON.readTree(sealed);
        assertThat(members.fieldNames()).toIterable().containsExactly("sealed");
        assertThat(members.get("sealed").textValue().split("\\.", -1)).hasSize(5);
    }

    @Test
    void opensWhatItSealedByteForByte() {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        byte[] clear = EVENT.getBytes(StandardCharsets.UTF_8);
        assertThat(Sealer.open(Sealer.seal(clear, key), key)).isEqualTo(clear);
        assertThat(Sealer.open(Sealer.seal(new byte[0], key), key)).isEmpty();
    }

    @Test
    void opensTheSealedFormHoweverItsJsonIsSpaced() throws Exception {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        String compact = JSON.readTree(Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), key)).get("sealed").textValue();
        byte[] spaced = ("{ \"sealed\" : \"" + compact + "\" }\n").getBytes(StandardCharsets.UTF_8);
        assertThat(Sealer.open(spaced, key)).isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesWhatIsNotTheSealedForm() {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        for (String stored : new String[] {EVENT, "{}", "[\"x\"]", "{\"sealed\":1}", "{\"sealed\":\"a.b\",\"more\":1}", "not json"}) {
            assertThatThrownBy(() -> Sealer.open(stored.getBytes(StandardCharsets.UTF_8), key))
                    .as(stored).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLargeEventIsStoredSmallerThanItsJson() throws Exception {
        String restsOn = String.join(",", java.util.Collections.nCopies(400, "\"c-0f3a9b2e-77d1-4c5e-9a0b-12ab34cd56ef\""));
        byte[] clear = ("{\"subject\":\"s-1\",\"verdict\":{\"restsOn\":[" + restsOn + "]}}").getBytes(StandardCharsets.UTF_8);
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        byte[] sealed = Sealer.seal(clear, key);
        assertThat(sealed.length).isLessThan(clear.length / 4);
        assertThat(Sealer.open(sealed, key)).isEqualTo(clear);
        // compressed as RFC 7516 says ("zip":"DEF", raw DEFLATE): a JOSE library opens it too
        com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(
                new String(sealed, StandardCharsets.US_ASCII).replaceAll("^\\{\"sealed\":\"|\"}$", ""));
        assertThat(jwe.getHeader().getCompressionAlgorithm()).isEqualTo(com.nimbusds.jose.CompressionAlgorithm.DEF);
        jwe.decrypt(new com.nimbusds.jose.crypto.DirectDecrypter(key));
        assertThat(jwe.getPayload().toBytes()).isEqualTo(clear);
    }

    @Test
    void anotherEventsKeyDoesNotOpenIt() {
        byte[] sealed = Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), Sealer.eventKey(SUBJECT_KEY, "ev-1"));
        assertThatThrownBy(() -> Sealer.open(sealed, Sealer.eventKey(SUBJECT_KEY, "ev-2")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangedByteIsRefused() throws Exception {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        byte[] sealed = Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), key);
        for (int at : new int[] {12, 60, sealed.length / 2, sealed.length - 5}) {
            byte[] changed = sealed.clone();
            changed[at] = (byte) (changed[at] == 'A' ? 'B' : 'A');
            assertThatThrownBy(() -> Sealer.open(changed, key)).as("byte " + at).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Opened by hand as RFC 7516 says (compact form, {@code dir}: the key is the content key; AES-GCM
     * with the protected header's ASCII as additional data), step by step in this test.
     */
    @Test
    void theSealedValueIsAStandardJweThatPlainAesGcmOpens() throws Exception {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        String compact = JSON.readTree(Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), key)).get("sealed").textValue();
        String[] parts = compact.split("\\.", -1);
        Base64.Decoder b64 = Base64.getUrlDecoder();
        JsonNode header = JSON.readTree(b64.decode(parts[0]));
        assertThat(header.get("alg").textValue()).isEqualTo("dir");
        assertThat(header.get("enc").textValue()).isEqualTo("A256GCM");
        assertThat(header.has("zip")).isFalse();
        assertThat(parts[1]).isEmpty();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, b64.decode(parts[2])));
        gcm.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
        byte[] ciphertext = b64.decode(parts[3]);
        byte[] tag = b64.decode(parts[4]);
        byte[] both = new byte[ciphertext.length + tag.length];
        System.arraycopy(ciphertext, 0, both, 0, ciphertext.length);
        System.arraycopy(tag, 0, both, ciphertext.length, tag.length);
        assertThat(new String(gcm.doFinal(both), StandardCharsets.UTF_8)).isEqualTo(EVENT);
    }

    /** What the ledger seals, a JOSE library opens; what a JOSE library seals, the ledger opens. */
    @Test
    void sealedValuesAreJweAsNimbusWritesAndReadsThem() throws Exception {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        for (String keyId : new String[] {null, "r-1"}) {
            JsonNode sealed = JSON.readTree(Sealer.seal(EVENT.getBytes(StandardCharsets.UTF_8), key, keyId));
            com.nimbusds.jose.JWEObject jwe = com.nimbusds.jose.JWEObject.parse(sealed.get("sealed").textValue());
            jwe.decrypt(new com.nimbusds.jose.crypto.DirectDecrypter(key));
            assertThat(jwe.getPayload().toString()).isEqualTo(EVENT);
            assertThat(jwe.getHeader().getKeyID()).isEqualTo(keyId);
        }
        com.nimbusds.jose.JWEObject byNimbus = new com.nimbusds.jose.JWEObject(new com.nimbusds.jose.JWEHeader.Builder(
                com.nimbusds.jose.JWEAlgorithm.DIR, com.nimbusds.jose.EncryptionMethod.A256GCM).keyID("r-1").build(),
                new com.nimbusds.jose.Payload("{\"a\":1}"));
        byNimbus.encrypt(new com.nimbusds.jose.crypto.DirectEncrypter(key));
        byte[] stored = JSON.writeValueAsBytes(JSON.createObjectNode().put("sealed", byNimbus.serialize()));
        assertThat(new String(Sealer.open(stored, key), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(Sealer.keyId(stored)).isEqualTo("r-1");
        assertThatThrownBy(() -> Sealer.decrypt(byNimbus.serialize(), key, "r-2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Sealer.decrypt(byNimbus.serialize(), key, "r-1")).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aValueSealedWithAnotherAlgorithmIsRefused() throws Exception {
        byte[] key = Sealer.eventKey(SUBJECT_KEY, "ev-1");
        com.nimbusds.jose.JWEObject cbc = new com.nimbusds.jose.JWEObject(new com.nimbusds.jose.JWEHeader(
                com.nimbusds.jose.JWEAlgorithm.DIR, com.nimbusds.jose.EncryptionMethod.A128CBC_HS256),
                new com.nimbusds.jose.Payload("1"));
        cbc.encrypt(new com.nimbusds.jose.crypto.DirectEncrypter(key));
        byte[] stored = JSON.writeValueAsBytes(JSON.createObjectNode().put("sealed", cbc.serialize()));
        assertThatThrownBy(() -> Sealer.open(stored, key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrappedKeyOpensOnlyWithItsMasterKeyAndForItsRecord() {
        MasterKey master = MasterKey.of(MasterKey.generate(), null);
        MasterKey.DataKey key = master.newDataKey("r-1");
        assertThat(master.unwrap(key.wrapped(), "r-1")).isEqualTo(key.key());
        assertThatThrownBy(() -> master.unwrap(key.wrapped(), "r-2")).isInstanceOf(IllegalStateException.class);
        MasterKey other = MasterKey.of(MasterKey.generate(), null);
        assertThatThrownBy(() -> other.unwrap(key.wrapped(), "r-1")).isInstanceOf(IllegalStateException.class);
        assertThat(master.opens(master.check())).isTrue();
        assertThat(other.opens(master.check())).isFalse();
    }

    @Test
    void noMasterKeyIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> MasterKey.of(null, null)).hasMessageContaining("LEDGER_MASTER_KEY");
        assertThatThrownBy(() -> MasterKey.of("c2hvcnQ=", null)).hasMessageContaining("32 bytes");
    }
}
