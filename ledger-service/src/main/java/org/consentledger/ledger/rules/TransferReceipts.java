package org.consentledger.ledger.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.ViolationCode;

/**
 * The transfers senders reported and the receipts no reported transfer confirms yet: a receipt is
 * confirmed by a transfer of its id reported by the named sender to the receiving app, whenever
 * that transfer is reported.
 */
@SnapshotState
public final class TransferReceipts {

    private static final Verdict UNCONFIRMED = new Verdict(
            new ArrayList<>(EnumSet.of(ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER)), List.of());

    private final Set<Transfer> reportedTransfers = new HashSet<>();
    /** Receipts no reported transfer confirms yet, by transfer id: a transfer reported later confirms them. */
    private final Map<String, List<JudgedEntry>> unconfirmedReceipts = new HashMap<>();

    /**
     * A reported transfer, as a receipt looks it up. Kept for every transfer of every cached subject,
     * so it is small: the parties' app ids are shared strings rather than one copy per transfer.
     */
    private record Transfer(String id, String from, String to) {

        static Transfer of(JudgedEntry receipt) {
            return new Transfer(receipt.transferId(), receipt.from(), receipt.to());
        }

        /** The form kept: app ids shared. Looking one up needs no interning. */
        Transfer kept() {
            return new Transfer(id, Shared.name(from), Shared.name(to));
        }

        /** Read back from a snapshot, in the form kept. */
        @JsonCreator
        static Transfer read(@JsonProperty("id") String id, @JsonProperty("from") String from,
                             @JsonProperty("to") String to) {
            return new Transfer(id, from, to).kept();
        }
    }

    public TransferReceipts() {
    }

    private TransferReceipts(TransferReceipts other) {
        reportedTransfers.addAll(other.reportedTransfers);
        other.unconfirmedReceipts.forEach((id, receipts) -> unconfirmedReceipts.put(id, new ArrayList<>(receipts)));
    }

    /** An independent copy. */
    public TransferReceipts copy() {
        return new TransferReceipts(this);
    }

    /** A receipt's verdict: valid once a reported transfer confirms it. */
    public Verdict receipt(JudgedEntry receipt) {
        return reportedTransfers.contains(Transfer.of(receipt)) ? Verdict.VALID : UNCONFIRMED;
    }

    /** The receipts awaiting confirmation that the transfer would confirm, were it reported. */
    public List<JudgedEntry> confirmedBy(String transferId, String from, String to) {
        Transfer transfer = new Transfer(transferId, from, to);
        return unconfirmedReceipts.getOrDefault(transferId, List.of()).stream()
                .filter(receipt -> Transfer.of(receipt).equals(transfer)).toList();
    }

    /** Records a reported transfer; the receipts it confirms are let go. Answers them. */
    public List<JudgedEntry> reported(String transferId, String from, String to) {
        List<JudgedEntry> confirmed = confirmedBy(transferId, from, to);
        reportedTransfers.add(new Transfer(transferId, from, to).kept());
        if (!confirmed.isEmpty()) {
            List<JudgedEntry> unconfirmed = unconfirmedReceipts.get(transferId);
            unconfirmed.removeAll(confirmed);
            if (unconfirmed.isEmpty()) {
                unconfirmedReceipts.remove(transferId);
            }
        }
        return confirmed;
    }

    /** A receipt judged not valid waits for a transfer to confirm it. */
    public void awaitConfirmation(JudgedEntry receipt) {
        unconfirmedReceipts.computeIfAbsent(receipt.transferId(), id -> new ArrayList<>(1)).add(new JudgedEntry(
                receipt.kind(), Shared.name(receipt.app()), receipt.messageId(), receipt.at(), receipt.transferId(),
                Shared.name(receipt.from()), Shared.name(receipt.to())));
    }

    /** Whether the entry is a receipt that no transfer reported so far confirms: a later transfer may. */
    public boolean awaitsConfirmation(JudgedEntry entry) {
        List<JudgedEntry> unconfirmed = entry.transferId() == null ? null : unconfirmedReceipts.get(entry.transferId());
        return unconfirmed != null && unconfirmed.contains(entry);
    }
}
