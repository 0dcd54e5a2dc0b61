package org.consentledger.transparency.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;

/**
 * Checks one receipt offline: the checkpoint is signed by the log's key, the leaf is in that
 * checkpoint's tree (its inclusion proof), the leaf is the receipt's event, and the event key opens
 * the leaf's sealed payload to the consent the receipt names.
 */
final class ReceiptCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The receipt's consent fields compared with the opened event's. */
    private static final List<String> CONSENT_FIELDS = List.of("consentId", "purposes", "categories", "legalBasis");

    private ReceiptCheck() {
    }

    /** What is wrong with {@code receipt}; nothing if it verifies. */
    static List<String> problems(JsonNode receipt) {
        List<String> problems = new ArrayList<>();
        try {
            SignedNote.Verifier key = SignedNote.Verifier.parse(text(receipt, "logKey"));
            Checkpoint checkpoint = Checkpoint.parse(key.verify(text(receipt, "checkpoint")));
            long index = receipt.path("leafIndex").asLong(-1);
            long size = receipt.path("treeSize").asLong(-1);
            if (size != checkpoint.size()) {
                problems.add("its tree size " + size + " is not its checkpoint's, " + checkpoint.size());
            }
            byte[] leaf = Base64.getDecoder().decode(text(receipt, "leaf"));
            List<byte[]> proof = new ArrayList<>();
            receipt.path("inclusionProof").forEach(hash -> proof.add(Base64.getDecoder().decode(hash.asText())));
            if (!Merkle.verifyInclusion(index, checkpoint.size(), Merkle.leafHash(leaf), proof, checkpoint.root())) {
                problems.add("its inclusion proof does not prove leaf " + index + " in the checkpoint's tree of "
                        + checkpoint.size());
            }
            JsonNode stored = JSON.readTree(leaf);
            if (!stored.path("eventId").asText().equals(text(receipt, "eventId"))) {
                problems.add("its leaf is of event " + stored.path("eventId").asText() + ", not " + text(receipt, "eventId"));
            }
            opened(stored, Base64.getDecoder().decode(text(receipt, "eventKey")), problems)
                    .ifPresent(event -> compare(receipt, event, problems));
        } catch (IllegalArgumentException | IOException e) {
            problems.add("it cannot be read: " + e.getMessage());
        }
        return problems;
    }

    /** The leaf's sealed payload opened with the event key; a problem said if it does not open. */
    private static Optional<JsonNode> opened(JsonNode leaf, byte[] eventKey, List<String> problems) throws IOException {
        String sealed = leaf.path("payload").path("sealed").asText(null);
        if (sealed == null) {
            problems.add("its leaf's payload is not sealed");
            return Optional.empty();
        }
        try {
            JWEObject jwe = JWEObject.parse(sealed);
            jwe.decrypt(new DirectDecrypter(eventKey));
            return Optional.of(JSON.readTree(jwe.getPayload().toBytes()));
        } catch (ParseException | JOSEException e) {
            problems.add("its event key does not open its leaf's payload (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The receipt's consent fields against the opened event's consent (the object that has a consentId). */
    private static void compare(JsonNode receipt, JsonNode event, List<String> problems) {
        JsonNode consent = event.findParent("consentId");
        if (consent == null) {
            problems.add("its event names no consent");
            return;
        }
        for (String field : CONSENT_FIELDS) {
            if (consent.has(field) && receipt.has(field) && !consent.get(field).equals(receipt.get(field))) {
                problems.add("its " + field + " " + receipt.get(field) + " is not the recorded " + consent.get(field));
            }
        }
    }

    private static String text(JsonNode receipt, String field) {
        JsonNode value = receipt.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("it has no " + field);
        }
        return value.asText();
    }
}
