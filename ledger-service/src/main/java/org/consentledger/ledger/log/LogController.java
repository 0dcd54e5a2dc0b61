package org.consentledger.ledger.log;

import io.swagger.v3.oas.annotations.Operation;
import java.util.Base64;
import java.util.List;
import org.consentledger.ledger.web.BadRequestException;
import org.consentledger.ledger.web.NotFoundException;
import org.consentledger.storage.log.StoredEvent;
import org.consentledger.storage.log.StoredLog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tamper-evident log's public face: the latest signed checkpoint, the verifier key, inclusion and
 * consistency proofs for any tree size up to the latest checkpoint's, and (for auditors) the leaves,
 * recomputed from the stored rows as they are now.
 */
@RestController
@RequestMapping("/api/v1/log")
class LogController {

    /** Leaves answered at most per request. */
    static final int MAX_LEAVES = 1_000;

    private final StoredLog tree;
    private final LogSigner signer;

    LogController(StoredLog tree, LogSigner signer) {
        this.tree = tree;
        this.signer = signer;
    }

    record InclusionProof(long leafIndex, long treeSize, String leafHash, List<String> hashes) {
    }

    record ConsistencyProof(long from, long to, List<String> hashes) {
    }

    record Leaves(List<StoredLeaf> leaves) {
    }

    /** A leaf as served: its bytes (base64) as recomputed from its stored row; null if that row is gone or unreadable. */
    record StoredLeaf(long index, String eventId, String leaf) {
    }

    @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint in a signed note)")
    @GetMapping(value = "/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    String checkpoint() {
        return latest().note();
    }

    @Operation(summary = "The log's verifier key (C2SP signed-note: name+hex key id+base64(0x01 ‖ Ed25519 key))")
    @GetMapping(value = "/key", produces = MediaType.TEXT_PLAIN_VALUE)
    String key() {
        return signer.verifierKey() + "\n";
    }

    @Operation(summary = "The inclusion proof of a leaf (by index or by its stored event's id) in a tree of up to the latest checkpoint's size (default: that size)")
    @GetMapping("/proof/inclusion")
    InclusionProof inclusion(@RequestParam(required = false) Long leafIndex, @RequestParam(required = false) String eventId,
                             @RequestParam(required = false) Long treeSize) {
        if ((leafIndex == null) == (eventId == null)) {
            throw new BadRequestException("INVALID_PARAMETER", "give either leafIndex or eventId");
        }
        long size = treeSize(treeSize, "treeSize");
        long index = leafIndex != null ? leafIndex : tree.leafOf(eventId).orElseThrow(() -> new NotFoundException(
                "EVENT_NOT_IN_LOG", "no stored event " + eventId + " is in the log (yet)"));
        if (index < 0 || index >= size) {
            throw new BadRequestException("LEAF_NOT_IN_TREE", "leaf " + index + " is not in a tree of " + size + " leaves");
        }
        return new InclusionProof(index, size, base64(tree.leafHash(index)), base64(tree.inclusionProof(index, size)));
    }

    @Operation(summary = "The consistency proof between two tree sizes, up to the latest checkpoint's")
    @GetMapping("/proof/consistency")
    ConsistencyProof consistency(@RequestParam long from, @RequestParam long to) {
        long second = treeSize(to, "to");
        if (from < 0 || from > second) {
            throw new BadRequestException("INVALID_PARAMETER", "from must be between 0 and to (" + second + ")");
        }
        return new ConsistencyProof(from, second, base64(tree.consistencyProof(from, second)));
    }

    @Operation(summary = "Leaves start to end (exclusive, at most 1,000) of the latest checkpoint's tree, each recomputed from its stored row (auditors)")
    @GetMapping("/leaves")
    Leaves leaves(@RequestParam long start, @RequestParam long end) {
        long size = latest().size();
        if (start < 0 || end < start || end > size || end - start > MAX_LEAVES) {
            throw new BadRequestException("INVALID_RANGE", "leaves from start to end (exclusive), at most " + MAX_LEAVES
                    + ", within the latest checkpoint's " + size);
        }
        return new Leaves(tree.leaves(start, end).stream().map(leaf -> new StoredLeaf(leaf.index(), leaf.eventId(),
                leaf.row().flatMap(StoredEvent::leafBytes).map(LogController::base64).orElse(null))).toList());
    }

    private StoredLog.Signed latest() {
        return signer.latest().orElseThrow(() -> new NotFoundException("NO_CHECKPOINT", "the log has signed no checkpoint yet"));
    }

    /** A tree size asked for: at most the latest checkpoint's; that size if none is asked for. */
    private long treeSize(Long asked, String name) {
        long latest = latest().size();
        if (asked == null) {
            return latest;
        }
        if (asked < 0 || asked > latest) {
            throw new BadRequestException("TREE_SIZE_NOT_SIGNED", name + " must be between 0 and the latest checkpoint's tree size, " + latest);
        }
        return asked;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(LogController::base64).toList();
    }
}
