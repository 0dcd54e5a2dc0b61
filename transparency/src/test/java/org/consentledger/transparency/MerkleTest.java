package org.consentledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree's hashes and proofs against RFC 9162's published known answers
 * ({@code vectors/rfc9162-merkle.json}, copied from the project's shared vectors), and for random
 * tree sizes against {@link ReferenceTree}, written separately from the RFC's recursive definitions.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();

    /** A log's stored nodes, as {@link Merkle#appended} makes them. */
    private static final class StoredNodes implements Merkle.Nodes {
        private final Map<String, byte[]> nodes = new HashMap<>();
        private long size;

        void append(byte[] leaf) {
            Merkle.appended(this, size++, Merkle.leafHash(leaf)).forEach(n -> nodes.put(n.level() + "/" + n.index(), n.hash()));
        }

        @Override
        public byte[] hash(int level, long index) {
            byte[] hash = nodes.get(level + "/" + index);
            if (hash == null) {
                throw new AssertionError("node " + level + "/" + index + " was read but never stored");
            }
            return hash;
        }
    }

    @Test
    void rootsInclusionAndConsistencyProofsAreTheKnownAnswers() throws Exception {
        JsonNode vectors = vectors();
        StoredNodes log = new StoredNodes();
        assertThat(HEX.formatHex(Merkle.root(log, 0))).isEqualTo(vectors.get("emptyTreeRoot").textValue());
        vectors.get("leafInputs").forEach(leaf -> log.append(HEX.parseHex(leaf.textValue())));
        vectors.get("roots").fields().forEachRemaining(root ->
                assertThat(HEX.formatHex(Merkle.root(log, Long.parseLong(root.getKey())))).as("root of " + root.getKey())
                        .isEqualTo(root.getValue().textValue()));
        for (JsonNode known : vectors.get("inclusion")) {
            long index = known.get("leafIndex").asLong();
            long size = known.get("treeSize").asLong();
            List<byte[]> proof = hashes(known.get("proof"));
            assertThat(hex(Merkle.inclusionProof(log, index, size))).as("inclusion of %d in %d", index, size)
                    .isEqualTo(hex(proof));
            assertThat(Merkle.verifyInclusion(index, size, HEX.parseHex(known.get("leafHash").textValue()), proof,
                    Merkle.root(log, size))).isTrue();
        }
        for (JsonNode known : vectors.get("consistency")) {
            long first = known.get("size1").asLong();
            long second = known.get("size2").asLong();
            List<byte[]> proof = hashes(known.get("proof"));
            assertThat(hex(Merkle.consistencyProof(log, first, second))).as("consistency %d to %d", first, second)
                    .isEqualTo(hex(proof));
            assertThat(Merkle.verifyConsistency(first, second, HEX.parseHex(known.get("root1").textValue()),
                    HEX.parseHex(known.get("root2").textValue()), proof)).isTrue();
        }
    }

    @Test
    void proofsForRandomTreeSizesAgreeWithTheReferenceAndTheReferenceVerifier() {
        Random random = new Random(9162);
        StoredNodes log = new StoredNodes();
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(leaf);
            log.append(leaf);
        }
        for (int round = 0; round < 400; round++) {
            int size = 1 + random.nextInt(leaves.size());
            ReferenceTree reference = new ReferenceTree(leaves.subList(0, size));
            byte[] root = Merkle.root(log, size);
            assertThat(root).isEqualTo(reference.root());

            int index = random.nextInt(size);
            List<byte[]> path = Merkle.inclusionProof(log, index, size);
            assertThat(hex(path)).isEqualTo(hex(reference.path(index)));
            byte[] leafHash = Merkle.leafHash(leaves.get(index));
            assertThat(ReferenceTree.rootFromPath(index, size, leafHash, path)).isEqualTo(root);
            assertThat(Merkle.verifyInclusion(index, size, leafHash, path, root)).isTrue();

            int first = 1 + random.nextInt(size);
            List<byte[]> proof = Merkle.consistencyProof(log, first, size);
            assertThat(hex(proof)).isEqualTo(hex(reference.proof(first)));
            byte[] firstRoot = Merkle.root(log, first);
            assertThat(ReferenceTree.rootsFromProof(first, size, firstRoot, proof)).containsExactly(firstRoot, root);
            assertThat(Merkle.verifyConsistency(first, size, firstRoot, root, proof)).isTrue();
        }
    }

    @Test
    void theRunningRootOfLeavesTakenOneByOneIsTheReferenceRootAtEverySize() {
        Random random = new Random(8785);
        List<byte[]> leaves = new ArrayList<>();
        Merkle.Running running = new Merkle.Running();
        assertThat(running.root()).isEqualTo(new ReferenceTree(leaves).root());
        for (int i = 0; i < 300; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            leaves.add(leaf);
            running.add(Merkle.leafHash(leaf));
            assertThat(running.root()).as("root of %d", leaves.size()).isEqualTo(new ReferenceTree(leaves).root());
        }
    }

    @Test
    void aProofForAnotherLeafOrSizeOrAChangedHashFails() {
        StoredNodes log = new StoredNodes();
        for (int i = 0; i < 77; i++) {
            log.append(new byte[] {(byte) i});
        }
        byte[] root = Merkle.root(log, 77);
        byte[] leafHash = Merkle.leafHash(new byte[] {5});
        List<byte[]> path = Merkle.inclusionProof(log, 5, 77);
        assertThat(Merkle.verifyInclusion(5, 77, leafHash, path, root)).isTrue();
        assertThat(Merkle.verifyInclusion(6, 77, leafHash, path, root)).isFalse();
        assertThat(Merkle.verifyInclusion(5, 64, leafHash, path, root)).isFalse();
        assertThat(Merkle.verifyInclusion(5, 200, leafHash, path, root)).isFalse();
        assertThat(Merkle.verifyInclusion(5, 77, Merkle.leafHash(new byte[] {6}), path, root)).isFalse();
        assertThat(Merkle.verifyInclusion(5, 77, leafHash, path.subList(1, path.size()), root)).isFalse();
        for (int i = 0; i < path.size(); i++) {
            List<byte[]> changed = new ArrayList<>(path);
            byte[] hash = changed.get(i).clone();
            hash[0] ^= 1;
            changed.set(i, hash);
            assertThat(Merkle.verifyInclusion(5, 77, leafHash, changed, root)).isFalse();
        }

        byte[] firstRoot = Merkle.root(log, 40);
        List<byte[]> proof = Merkle.consistencyProof(log, 40, 77);
        assertThat(Merkle.verifyConsistency(40, 77, firstRoot, root, proof)).isTrue();
        assertThat(Merkle.verifyConsistency(41, 77, firstRoot, root, proof)).isFalse();
        assertThat(Merkle.verifyConsistency(40, 77, Merkle.root(log, 39), root, proof)).isFalse();
        assertThat(Merkle.verifyConsistency(40, 77, firstRoot, Merkle.root(log, 76), proof)).isFalse();
        assertThat(Merkle.verifyConsistency(40, 77, firstRoot, root, List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(77, 77, root, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(77, 40, root, firstRoot, proof)).isFalse();
    }

    private static JsonNode vectors() throws Exception {
        try (InputStream in = MerkleTest.class.getResourceAsStream("/vectors/rfc9162-merkle.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(HEX.parseHex(hash.textValue())));
        return hashes;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
