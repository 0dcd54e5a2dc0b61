package org.consentledger.transparency.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.transparency.SignedNote;

/**
 * {@code java -jar ledger-verify.jar}: checks a person's receipts offline, or audits a ledger's whole
 * log. Exit 0 when everything verifies, 1 on any mismatch, 2 on bad use (or what cannot be read or reached).
 */
public final class LedgerVerify {

    static final int VERIFIED = 0;
    static final int MISMATCH = 1;
    static final int BAD_USE = 2;

    private static final String USAGE = """
            usage:
              java -jar ledger-verify.jar receipt FILE
                  checks every receipt in FILE (a receipt, or a data-access report's JSON) offline
              java -jar ledger-verify.jar audit --ledger URL --token TOKEN --key VERIFIER_KEY [--checkpoint OLD_FILE]
                  downloads every leaf of the ledger's log, recomputes the root, checks the checkpoint's
                  signature and, with OLD_FILE (a checkpoint kept earlier), that the log extends it
            exit status: 0 everything verifies, 1 something does not, 2 bad use""";

    private LedgerVerify() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; answers its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return BAD_USE;
        }
        try {
            return switch (args[0]) {
                case "receipt" -> args.length == 2 ? receipts(Path.of(args[1]), out) : badUse(err, "receipt takes one FILE");
                case "audit" -> audit(args, out, err);
                default -> badUse(err, "no command " + args[0]);
            };
        } catch (BadUse e) {
            return badUse(err, e.getMessage());
        } catch (Audit.LedgerUnreachable e) {
            err.println("the ledger could not be asked: " + e.getMessage());
            return BAD_USE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return BAD_USE;
        }
    }

    private static int receipts(Path file, PrintStream out) {
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BadUse(file + " is not a JSON file that can be read: " + e.getMessage());
        }
        List<JsonNode> receipts = new ArrayList<>();
        if (json.has("receipts")) {
            json.get("receipts").forEach(receipts::add);
        } else {
            receipts.add(json);
        }
        if (receipts.isEmpty()) {
            throw new BadUse(file + " holds no receipt");
        }
        int failed = 0;
        for (JsonNode receipt : receipts) {
            List<String> problems = ReceiptCheck.problems(receipt);
            String what = receipt.path("type").asText("receipt") + " " + receipt.path("consentId").asText("")
                    + " (event " + receipt.path("eventId").asText("?") + ", leaf " + receipt.path("leafIndex").asText("?") + ")";
            if (problems.isEmpty()) {
                out.println("verified: " + what);
            } else {
                failed++;
                out.println("NOT verified: " + what + ": " + String.join("; ", problems));
            }
        }
        out.println(failed == 0 ? "all " + receipts.size() + " receipts verify"
                : failed + " of " + receipts.size() + " receipts do not verify");
        return failed == 0 ? VERIFIED : MISMATCH;
    }

    private static int audit(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!List.of("--ledger", "--token", "--key", "--checkpoint").contains(args[i]) || i + 1 >= args.length) {
                throw new BadUse("audit takes --ledger URL --token TOKEN --key VERIFIER_KEY [--checkpoint OLD_FILE]");
            }
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--ledger") || !options.containsKey("--key")) {
            throw new BadUse("audit needs --ledger and --key (and --token, an auditor's, to read the leaves)");
        }
        SignedNote.Verifier key;
        try {
            key = SignedNote.Verifier.parse(options.get("--key"));
        } catch (IllegalArgumentException e) {
            throw new BadUse("--key is not a verifier key (name+hex key id+base64 key): " + e.getMessage());
        }
        String older = null;
        if (options.containsKey("--checkpoint")) {
            try {
                older = Files.readString(Path.of(options.get("--checkpoint")));
            } catch (IOException e) {
                throw new BadUse("the older checkpoint cannot be read: " + e.getMessage());
            }
        }
        List<String> problems = new Audit(options.get("--ledger"), options.get("--token"), key, out).problems(older);
        if (problems.isEmpty()) {
            out.println("the log verifies: every leaf, the root and the signature");
            return VERIFIED;
        }
        problems.forEach(problem -> out.println("MISMATCH: " + problem));
        return MISMATCH;
    }

    private static int badUse(PrintStream err, String why) {
        err.println(why);
        err.println(USAGE);
        return BAD_USE;
    }

    /** The command line or a file given cannot be used. */
    private static final class BadUse extends RuntimeException {
        BadUse(String message) {
            super(message);
        }
    }
}
