package org.consentledger.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (section 2.1) over a log's leaves: hashes, inclusion and consistency
 * proofs, and their verification, as pure functions. A log stores the hashes of complete subtrees
 * ({@link Nodes}); every other hash a proof needs (a subtree on the tree's right edge) is computed
 * from at most one complete subtree per level, so a proof never reads the whole log.
 */
public final class Merkle {

    private Merkle() {
    }

    /**
     * The hashes a log keeps: the complete subtree of {@code 2^level} leaves starting at leaf
     * {@code index << level} (level 0: the leaf hashes).
     */
    @FunctionalInterface
    public interface Nodes {
        byte[] hash(int level, long index);
    }

    /** A complete subtree's hash, as {@link Nodes} names it. */
    public record Node(int level, long index, byte[] hash) {
    }

    /** SHA-256(0x00 ‖ leaf). */
    public static byte[] leafHash(byte[] leaf) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        return sha256.digest(leaf);
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        return sha256.digest(right);
    }

    /** The root of the tree of the first {@code size} leaves (SHA-256 of nothing for none). */
    public static byte[] root(Nodes nodes, long size) {
        return size == 0 ? sha256().digest() : range(nodes, 0, size);
    }

    /**
     * The complete subtrees that appending the leaf at {@code index} completes, that leaf first:
     * what a log stores with it. {@code nodes} holds every complete subtree left of it.
     */
    public static List<Node> appended(Nodes nodes, long index, byte[] leafHash) {
        List<Node> made = new ArrayList<>();
        made.add(new Node(0, index, leafHash));
        byte[] hash = leafHash;
        for (int level = 0; ((index >> level) & 1) == 1; level++) {
            hash = nodeHash(nodes.hash(level, (index >> level) - 1), hash);
            made.add(new Node(level + 1, index >> (level + 1), hash));
        }
        return made;
    }

    /**
     * The root of leaves taken one at a time, in order, keeping one hash per complete subtree of the
     * tree so far (at most 64): what a verifier computes while it reads a whole log.
     */
    public static final class Running {

        private final List<byte[]> subtrees = new ArrayList<>();
        private long size;

        public void add(byte[] leafHash) {
            subtrees.add(leafHash);
            size++;
            for (long n = size; (n & 1) == 0; n >>= 1) {
                byte[] right = subtrees.remove(subtrees.size() - 1);
                byte[] left = subtrees.remove(subtrees.size() - 1);
                subtrees.add(nodeHash(left, right));
            }
        }

        public long size() {
            return size;
        }

        /** MTH of the leaves so far: the complete subtrees, largest first, folded from the right. */
        public byte[] root() {
            if (size == 0) {
                return sha256().digest();
            }
            byte[] hash = subtrees.get(subtrees.size() - 1);
            for (int i = subtrees.size() - 2; i >= 0; i--) {
                hash = nodeHash(subtrees.get(i), hash);
            }
            return hash;
        }
    }

    /** PATH(index, D[size]) of RFC 9162, 2.1.3.1: the audit path of leaf {@code index} in the tree of {@code size} leaves. */
    public static List<byte[]> inclusionProof(Nodes nodes, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(nodes, index, 0, size, path);
        return path;
    }

    private static void path(Nodes nodes, long index, long start, long end, List<byte[]> path) {
        if (end - start == 1) {
            return;
        }
        long k = split(end - start);
        if (index < start + k) {
            path(nodes, index, start, start + k, path);
            path.add(range(nodes, start + k, end));
        } else {
            path(nodes, index, start + k, end, path);
            path.add(range(nodes, start, start + k));
        }
    }

    /** PROOF(first, D[second]) of RFC 9162, 2.1.4.1: that the tree of {@code first} leaves is a prefix of that of {@code second}. */
    public static List<byte[]> consistencyProof(Nodes nodes, long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from " + first + " to " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(nodes, first, 0, second, true, proof);
        }
        return proof;
    }

    private static void subproof(Nodes nodes, long m, long start, long end, boolean whole, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!whole) {
                proof.add(range(nodes, start, end));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(nodes, m, start, start + k, whole, proof);
            proof.add(range(nodes, start + k, end));
        } else {
            subproof(nodes, m - k, start + k, end, false, proof);
            proof.add(range(nodes, start, start + k));
        }
    }

    /** RFC 9162, 2.1.3.2: whether {@code path} proves leaf {@code index} with {@code leafHash} in the tree of {@code size} with {@code root}. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162, 2.1.4.2: whether {@code proof} shows the tree of {@code first} leaves ({@code firstRoot}) a prefix of that of {@code second}. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** MTH(D[start:end]) for a range that is a subtree of the tree: complete ones read, the right edge's computed. */
    private static byte[] range(Nodes nodes, long start, long end) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            return nodes.hash(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = split(n);
        return nodeHash(range(nodes, start, start + k), range(nodes, start + k, end));
    }

    /** The largest power of two smaller than {@code n} (n > 1): where RFC 9162 splits a tree of n leaves. */
    private static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
