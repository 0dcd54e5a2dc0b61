package org.consentledger.ledger.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.ViolationCode;
import org.junit.jupiter.api.Test;

/** The rules on copies held and transfer receipts, on their own: plain Java, no Axon. */
class CopiesAndReceiptsTest {

    private static final Instant T = Instant.parse("2026-02-01T08:00:00Z");

    @Test
    void aCopyOfAParentCategoryIsASourceOfItsChildAndCarriesItsConsents() {
        CopiesHeld copies = new CopiesHeld();
        copies.hold("weconnect", List.of("user.contact"), List.of("c-1"));
        copies.hold("weconnect", List.of("user.contact.email"), List.of("c-2"));

        Set<String> restsOn = new TreeSet<>();
        assertThat(copies.sources("weconnect", "user.contact.email", restsOn)).isTrue();
        assertThat(restsOn).containsExactly("c-1", "c-2");
        assertThat(copies.sources("foodgo", "user.contact.email", new TreeSet<>())).as("another holder's").isFalse();
        assertThat(copies.sources("weconnect", "user.location", new TreeSet<>())).as("another category").isFalse();
    }

    @Test
    void erasingAParentErasesItsChildrenAndACopyIsIndependent() {
        CopiesHeld copies = new CopiesHeld();
        copies.hold("weconnect", List.of("user.contact.email", "user.location"), List.of());
        CopiesHeld before = copies.copy();

        copies.erase("weconnect", false, List.of("user.contact"));

        assertThat(copies.sources("weconnect", "user.contact.email", new TreeSet<>())).isFalse();
        assertThat(copies.sources("weconnect", "user.location", new TreeSet<>())).isTrue();
        assertThat(before.sources("weconnect", "user.contact.email", new TreeSet<>())).as("the copy kept it").isTrue();
        copies.erase("weconnect", true, null);
        assertThat(copies.sources("weconnect", "user.location", new TreeSet<>())).isFalse();
    }

    @Test
    void aReceiptWaitsForTheTransferOfItsIdFromItsSenderToItsReceiver() {
        TransferReceipts receipts = new TransferReceipts();
        JudgedEntry receipt = JudgedEntry.receipt(new Origin("foodgo", "m-1", T, T), new DataReceived("t-1", "weconnect"));
        assertThat(receipts.receipt(receipt).violations()).containsExactly(ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER);
        receipts.awaitConfirmation(receipt);

        assertThat(receipts.reported("t-1", "adnet", "foodgo")).as("another sender").isEmpty();
        assertThat(receipts.reported("t-2", "weconnect", "foodgo")).as("another transfer id").isEmpty();
        assertThat(receipts.awaitsConfirmation(receipt)).isTrue();
        assertThat(receipts.confirmedBy("t-1", "weconnect", "foodgo")).containsExactly(receipt);
        assertThat(receipts.awaitsConfirmation(receipt)).as("asking changes nothing").isTrue();

        assertThat(receipts.reported("t-1", "weconnect", "foodgo")).containsExactly(receipt);
        assertThat(receipts.awaitsConfirmation(receipt)).isFalse();
        assertThat(receipts.receipt(receipt)).isEqualTo(Verdict.VALID);
    }
}
