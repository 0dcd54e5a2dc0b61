package org.consentledger.transparency.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.consentledger.transparency.Checkpoint;
import org.consentledger.transparency.Merkle;
import org.consentledger.transparency.SignedNote;

/**
 * Audits a running ledger from outside: its latest checkpoint signed by the key the auditor trusts,
 * every leaf downloaded and the root recomputed from them, and, given an older checkpoint the auditor
 * kept, the ledger's proof that the new tree extends it.
 */
final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String ledger;
    private final String token;
    private final SignedNote.Verifier key;
    private final PrintStream out;

    Audit(String ledger, String token, SignedNote.Verifier key, PrintStream out) {
        this.ledger = ledger.endsWith("/") ? ledger.substring(0, ledger.length() - 1) : ledger;
        this.token = token;
        this.key = key;
        this.out = out;
    }

    /** What is wrong; nothing if the ledger's log verifies (and extends {@code older}, if given). */
    List<String> problems(String older) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        String note = text("/api/v1/log/checkpoint", false);
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(key.verify(note));
        } catch (IllegalArgumentException e) {
            problems.add("the ledger's checkpoint does not verify with the key given: " + e.getMessage());
            return problems;
        }
        out.printf("checkpoint: %s, %,d leaves, root %s%n", checkpoint.origin(), checkpoint.size(),
                Base64.getEncoder().encodeToString(checkpoint.root()));
        Merkle.Running root = new Merkle.Running();
        Progress progress = new Progress(out, checkpoint.size());
        for (long start = 0; start < checkpoint.size(); start += PAGE) {
            long end = Math.min(checkpoint.size(), start + PAGE);
            JsonNode leaves = json(text("/api/v1/log/leaves?start=" + start + "&end=" + end, true)).path("leaves");
            long expected = start;
            for (JsonNode leaf : leaves) {
                if (leaf.path("index").asLong(-1) != expected) {
                    problems.add("the ledger answered leaf " + leaf.path("index").asText() + " where leaf " + expected + " belongs");
                    return problems;
                }
                if (leaf.path("leaf").isNull() || leaf.path("leaf").isMissingNode()) {
                    problems.add("leaf " + expected + " (event " + leaf.path("eventId").asText()
                            + "): the ledger cannot recompute it, its stored event row is gone or unreadable");
                    root.add(new byte[32]);
                } else {
                    root.add(Merkle.leafHash(Base64.getDecoder().decode(leaf.get("leaf").asText())));
                }
                expected++;
            }
            if (expected != end) {
                problems.add("the ledger answered " + (expected - start) + " leaves from " + start + ", not " + (end - start));
                return problems;
            }
            progress.at(end);
        }
        progress.done();
        if (!Arrays.equals(root.root(), checkpoint.root())) {
            problems.add("the root of the " + checkpoint.size() + " leaves served is not the signed root: a stored event"
                    + " was changed, deleted or reordered after it was logged");
        }
        if (older != null) {
            consistency(older, checkpoint, problems);
        }
        return problems;
    }

    private void consistency(String olderNote, Checkpoint checkpoint, List<String> problems) {
        Checkpoint older;
        try {
            older = Checkpoint.parse(key.verify(olderNote));
        } catch (IllegalArgumentException e) {
            problems.add("the older checkpoint does not verify with the key given: " + e.getMessage());
            return;
        }
        if (older.size() > checkpoint.size()) {
            problems.add("the older checkpoint has " + older.size() + " leaves, the ledger's latest only "
                    + checkpoint.size() + ": the log was cut back");
            return;
        }
        JsonNode proof = json(text("/api/v1/log/proof/consistency?from=" + older.size() + "&to=" + checkpoint.size(), false));
        List<byte[]> hashes = new ArrayList<>();
        proof.path("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        if (!Merkle.verifyConsistency(older.size(), checkpoint.size(), older.root(), checkpoint.root(), hashes)) {
            problems.add("the ledger's tree of " + checkpoint.size() + " leaves does not extend the older checkpoint of "
                    + older.size() + ": the log was rewritten (a split view)");
        } else {
            out.printf("consistent with the older checkpoint of %,d leaves%n", older.size());
        }
    }

    private String text(String path, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ledger + path)).GET();
        if (withToken && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LedgerUnreachable(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new LedgerUnreachable(path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnreachable(path + ": interrupted");
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ledger could not be asked (not a finding about its log). */
    static final class LedgerUnreachable extends RuntimeException {
        LedgerUnreachable(String message) {
            super(message);
        }
    }

    /** A progress bar on the terminal, redrawn at most every whole percent. */
    private static final class Progress {
        private final PrintStream out;
        private final long total;
        private long shown = -1;

        Progress(PrintStream out, long total) {
            this.out = out;
            this.total = total;
        }

        void at(long done) {
            long percent = total == 0 ? 100 : done * 100 / total;
            if (percent != shown) {
                shown = percent;
                int bar = (int) (percent * 40 / 100);
                out.printf("\r[%s%s] %3d%% %,d/%,d leaves", "#".repeat(bar), ".".repeat(40 - bar), percent, done, total);
            }
        }

        void done() {
            if (shown >= 0) {
                out.println();
            }
        }
    }
}
