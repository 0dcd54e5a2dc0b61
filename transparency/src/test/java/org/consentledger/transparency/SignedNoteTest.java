package org.consentledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Notes against the published C2SP and Go examples ({@code vectors/signed-note.json}, copied from
 * the project's shared vectors), and the ledger's own checkpoints signed and checked.
 */
class SignedNoteTest {

    @Test
    void thePublishedExamplesVerifyAndTheirKeysReadBackAsWritten() throws Exception {
        JsonNode notes;
        try (InputStream in = SignedNoteTest.class.getResourceAsStream("/vectors/signed-note.json")) {
            notes = new ObjectMapper().readTree(in).get("notes");
        }
        assertThat(notes).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode example : notes) {
            SignedNote.Verifier verifier = SignedNote.Verifier.parse(example.get("verifierKey").textValue());
            assertThat(verifier.toString()).isEqualTo(example.get("verifierKey").textValue());
            String text = example.get("text").textValue();
            String note = text + "\n" + example.get("signatureLine").textValue() + "\n";
            assertThat(verifier.verify(note)).isEqualTo(text);
            String changed = note.replaceFirst("\\.\n\n", "!\n\n");
            assertThat(changed).isNotEqualTo(note);
            assertThatThrownBy(() -> verifier.verify(changed)).hasMessageContaining("does not verify");
        }
    }

    @Test
    void aCheckpointSignedHereVerifiesWithItsPublishedKeyOnly() {
        SignedNote.Signer signer = SignedNote.Signer.generate("consentledger.local/log");
        Checkpoint checkpoint = new Checkpoint("consentledger.local/log", 42, Merkle.leafHash(new byte[] {1}));
        String note = signer.sign(checkpoint.text());

        assertThat(note).startsWith("consentledger.local/log\n42\n").contains("\n\n\u2014 consentledger.local/log ");
        SignedNote.Verifier published = SignedNote.Verifier.parse(signer.verifier().toString());
        assertThat(Checkpoint.parse(published.verify(note))).usingRecursiveComparison().isEqualTo(checkpoint);

        SignedNote.Verifier other = SignedNote.Signer.generate("consentledger.local/log").verifier();
        assertThatThrownBy(() -> other.verify(note)).hasMessageContaining("no signature");
        assertThatThrownBy(() -> published.verify(note.replace("\n42\n", "\n43\n"))).hasMessageContaining("does not verify");
    }

    @Test
    void malformedKeysNotesAndCheckpointsAreRefusedWithAReason() {
        assertThatThrownBy(() -> SignedNote.Verifier.parse("name+00000000")).hasMessageContaining("<name>+<key id>+<key>");
        String key = SignedNote.Signer.generate("n").verifier().toString();
        assertThatThrownBy(() -> SignedNote.Verifier.parse(key.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+")))
                .hasMessageContaining("id does not match");
        assertThatThrownBy(() -> SignedNote.Verifier.parse(key).verify("no blank line\n")).hasMessageContaining("blank line");
        assertThatThrownBy(() -> SignedNote.Signer.generate("n").sign("no newline")).hasMessageContaining("newline");
        assertThatThrownBy(() -> Checkpoint.parse("origin\n-1\nAAAA\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Checkpoint.parse("origin\n1\n")).isInstanceOf(IllegalArgumentException.class);
    }
}
