package org.consentledger.transparency;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162's Merkle tree written straight from its recursive definitions (MTH, PATH, PROOF) over a
 * list of leaves, and verifiers that rebuild the roots by the same recursion: deliberately sharing
 * nothing with {@link Merkle} (which reads stored nodes and verifies iteratively, as the RFC's
 * algorithms do), so that a mistake in one is caught by the other.
 */
final class ReferenceTree {

    private final List<byte[]> leaves;

    ReferenceTree(List<byte[]> leaves) {
        this.leaves = leaves;
    }

    byte[] root() {
        return mth(leaves);
    }

    List<byte[]> path(int m) {
        return path(m, leaves);
    }

    List<byte[]> proof(int m) {
        return subproof(m, leaves, true);
    }

    private static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return sha256(new byte[0]);
        }
        if (d.size() == 1) {
            return sha256(concat(new byte[] {0}, d.get(0)));
        }
        int k = (int) k(d.size());
        return node(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    private static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> path = new ArrayList<>();
        if (d.size() > 1) {
            int k = (int) k(d.size());
            if (m < k) {
                path.addAll(path(m, d.subList(0, k)));
                path.add(mth(d.subList(k, d.size())));
            } else {
                path.addAll(path(m - k, d.subList(k, d.size())));
                path.add(mth(d.subList(0, k)));
            }
        }
        return path;
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> proof = new ArrayList<>();
        int n = d.size();
        if (m == n) {
            if (!b) {
                proof.add(mth(d));
            }
            return proof;
        }
        int k = (int) k(n);
        if (m <= k) {
            proof.addAll(subproof(m, d.subList(0, k), b));
            proof.add(mth(d.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, d.subList(k, n), false));
            proof.add(mth(d.subList(0, k)));
        }
        return proof;
    }

    /** The root the path leads to from leaf {@code m} of a tree of {@code n}, by the recursion of PATH; null if it does not fit. */
    static byte[] rootFromPath(long m, long n, byte[] leafHash, List<byte[]> path) {
        if (n == 1) {
            return path.isEmpty() ? leafHash : null;
        }
        if (path.isEmpty()) {
            return null;
        }
        long k = k(n);
        byte[] last = path.get(path.size() - 1);
        List<byte[]> rest = path.subList(0, path.size() - 1);
        if (m < k) {
            byte[] left = rootFromPath(m, k, leafHash, rest);
            return left == null ? null : node(left, last);
        }
        byte[] right = rootFromPath(m - k, n - k, leafHash, rest);
        return right == null ? null : node(last, right);
    }

    /** The roots of the first and the second tree a consistency proof rebuilds, by the recursion of SUBPROOF; null if it does not fit. */
    static List<byte[]> rootsFromProof(long m, long n, byte[] firstRoot, List<byte[]> proof) {
        List<byte[]> remaining = new ArrayList<>(proof);
        byte[][] roots = rebuild(m, n, true, firstRoot, remaining);
        return roots == null || !remaining.isEmpty() ? null : List.of(roots[0], roots[1]);
    }

    private static byte[][] rebuild(long m, long n, boolean b, byte[] firstRoot, List<byte[]> proof) {
        if (m == n) {
            if (b) {
                return new byte[][] {firstRoot, firstRoot};
            }
            if (proof.isEmpty()) {
                return null;
            }
            byte[] hash = proof.remove(proof.size() - 1);
            return new byte[][] {hash, hash};
        }
        if (proof.isEmpty()) {
            return null;
        }
        byte[] last = proof.remove(proof.size() - 1);
        long k = k(n);
        if (m <= k) {
            byte[][] left = rebuild(m, k, b, firstRoot, proof);
            // the first tree lies in the left subtree: its root is the left part's
            return left == null ? null : new byte[][] {left[0], node(left[1], last)};
        }
        byte[][] right = rebuild(m - k, n - k, false, firstRoot, proof);
        return right == null ? null : new byte[][] {node(last, right[0]), node(last, right[1])};
    }

    private static long k(long n) {
        long k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256(concat(new byte[] {1}, concat(left, right)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
