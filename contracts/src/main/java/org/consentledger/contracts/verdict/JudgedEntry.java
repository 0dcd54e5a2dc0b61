package org.consentledger.contracts.verdict;

import java.time.Instant;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.ingest.Origin;

/**
 * Which ledger entry a verdict is about: its kind ({@code collection}, {@code transfer},
 * {@code receipt}), the reporting app and its message id, the entry's time, and for transfers and
 * receipts the transfer id with sender ({@code from}) and recipient ({@code to}).
 */
public record JudgedEntry(String kind, String app, String messageId, Instant at, String transferId, String from,
                          String to) {

    /** The entry of a reported collection. */
    public static JudgedEntry collection(Origin origin) {
        return new JudgedEntry("collection", origin.app(), origin.messageId(), origin.time(), null, null, null);
    }

    /** The entry of a reported transfer: from the reporting app to the recipient. */
    public static JudgedEntry transfer(Origin origin, DataTransferred transfer) {
        return new JudgedEntry("transfer", origin.app(), origin.messageId(), origin.time(), transfer.transferId(),
                origin.app(), transfer.recipient());
    }

    /** The entry of a reported receipt: from the named sender to the reporting app. */
    public static JudgedEntry receipt(Origin origin, DataReceived receipt) {
        return new JudgedEntry("receipt", origin.app(), origin.messageId(), origin.time(), receipt.transferId(),
                receipt.sender(), origin.app());
    }
}
