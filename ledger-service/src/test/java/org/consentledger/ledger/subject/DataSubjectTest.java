package org.consentledger.ledger.subject;

import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.consent.GrantConsentCommand;
import org.consentledger.contracts.consent.WithdrawConsentCommand;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.dataflow.RecordCollectionCommand;
import org.consentledger.contracts.dataflow.RecordErasureCommand;
import org.consentledger.contracts.dataflow.RecordReceiptCommand;
import org.consentledger.contracts.dataflow.RecordTransferCommand;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.ingest.SubjectCommand;
import org.consentledger.contracts.subject.SubjectRecordStartedEvent;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.contracts.verdict.ViolationCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The DataSubject aggregate, given/when/then: one behaviour per test. */
class DataSubjectTest {

    private static final String S = "s-1";
    private static final String SERVICE = "dpv:ServiceProvision";
    private static final RecipientFacts FOODGO_NL = new RecipientFacts(true, "NL");

    private FixtureConfiguration<DataSubject> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataSubject.class);
        fixture.registerInjectableResource(new SubjectHistories(fixture.getEventStore(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), new Tail(512, java.time.Duration.ofSeconds(10), java.time.Clock.systemUTC())));
    }

    /** In these tests the subject's record is named like the subject (Axon's fixture targets commands by subject). */
    private static final java.util.Map<String, Object> RECORD = java.util.Map.of(SubjectCommand.RECORD, S);
    private static final SubjectRecordStartedEvent STARTED = new SubjectRecordStartedEvent(S, S);

    /** The subject's record started, then {@code events}. */
    private org.axonframework.test.aggregate.TestExecutor<DataSubject> given(Object... events) {
        List<Object> all = new java.util.ArrayList<>(List.of(STARTED));
        all.addAll(List.of(events));
        return fixture.given(all);
    }

    private static Origin at(String app, String id, int hour) {
        return new Origin(app, id, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3600L * hour),
                Instant.parse("2026-06-01T00:00:00Z"));
    }

    private static ConsentGranted consent(String id, List<String> categories, List<String> purposes, String basis,
                                          List<String> recipients, Instant expiresAt) {
        return new ConsentGranted(id, purposes, categories, basis, recipients, null, expiresAt);
    }

    private static final ConsentGranted CONTACT_FOR_SERVICE =
            consent("c-1", List.of("user.contact"), List.of(SERVICE), "A6-1-a", List.of("foodgo"), null);
    private static final ConsentGrantedEvent GRANTED = new ConsentGrantedEvent(S, at("weconnect", "e-1", 0),
            CONTACT_FOR_SERVICE);

    private static DataCollected collection(List<String> categories, List<String> purposes, String basis,
                                            String consentId) {
        return new DataCollected(categories, purposes, basis, consentId, "provided", null);
    }

    private static Verdict verdict(List<String> restsOn, ViolationCode... codes) {
        return new Verdict(List.of(codes), restsOn);
    }

    @Test
    void theFirstReportAboutASubjectStartsItsRecordUnderTheRecordItsCommandNames() {
        Origin origin = at("weconnect", "e-1", 0);
        fixture.givenNoPriorActivity()
                .when(new GrantConsentCommand(S, origin, CONTACT_FOR_SERVICE), java.util.Map.of(SubjectCommand.RECORD, "r-7"))
                .expectEvents(new SubjectRecordStartedEvent("r-7", S), new ConsentGrantedEvent(S, origin, CONTACT_FOR_SERVICE));
    }

    private void collecting(DataCollected collection, Verdict expected, Object... given) {
        Origin origin = at("weconnect", "e-9", 5);
        given(given)
                .when(new RecordCollectionCommand(S, origin, collection), RECORD)
                .expectEvents(new DataCollectedEvent(S, origin, collection, expected));
    }

    private static final DataCollectedEvent EMAIL_COLLECTED = new DataCollectedEvent(S, at("weconnect", "e-2", 1),
            collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", "c-1"), verdict(List.of("c-1")));

    private static DataTransferred transfer(String recipient, String country, String safeguard, String consentId) {
        return new DataTransferred("t-1", recipient, List.of("user.contact.email"), List.of(SERVICE), "A6-1-a",
                consentId, country, safeguard);
    }

    private void transferring(DataTransferred transfer, RecipientFacts recipient, Verdict expected, Object... given) {
        Origin origin = at("weconnect", "e-9", 5);
        given(given)
                .when(new RecordTransferCommand(S, origin, transfer, recipient), RECORD)
                .expectEvents(new DataTransferredEvent(S, origin, transfer, recipient, expected));
    }

    // --- not flagged

    @Test
    void parentCategoryInTheConsentCoversAChildCategory() {
        collecting(collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", null),
                verdict(List.of("c-1")), GRANTED);
    }

    @Test
    void nonConsentBasisOnAnOrdinaryCategoryNeedsNoConsent() {
        collecting(collection(List.of("user.financial.payment"), List.of("dpv:PaymentManagement"), "A6-1-b", null),
                Verdict.VALID);
    }

    @Test
    void explicitConsentCoversHealthData() {
        ConsentGranted explicit = consent("c-h", List.of("user.health"), List.of("dpv:HealthcareProvision"), "A9-2-a",
                List.of(), null);
        collecting(collection(List.of("user.health.appointment"), List.of("dpv:HealthcareProvision"), "A9-2-a", "c-h"),
                verdict(List.of("c-h")), new ConsentGrantedEvent(S, at("weconnect", "e-1", 0), explicit));
    }

    @Test
    void anotherArticle9BasisNeedsNoConsentForHealthData() {
        collecting(collection(List.of("user.health"), List.of("dpv:HealthcareProvision"), "A9-2-h", null),
                Verdict.VALID);
    }

    @Test
    void transferUnderTheSendersConsentListingTheRecipientIsValid() {
        transferring(transfer("foodgo", null, null, "c-1"), FOODGO_NL, verdict(List.of("c-1")),
                GRANTED, EMAIL_COLLECTED);
    }

    @Test
    void safeguardMakesAThirdCountryTransferValid() {
        transferring(transfer("foodgo", "US", "scc", "c-1"), new RecipientFacts(true, "US"),
                verdict(List.of("c-1")), GRANTED, EMAIL_COLLECTED);
    }

    // --- each violation code

    @Test
    void collectionOnConsentWithoutAnyConsentIsFlaggedNoConsent() {
        collecting(collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", null),
                verdict(List.of(), ViolationCode.NO_CONSENT));
    }

    @Test
    void collectionAfterTheWithdrawalIsFlaggedConsentWithdrawn() {
        collecting(collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", "c-1"),
                verdict(List.of("c-1"), ViolationCode.CONSENT_WITHDRAWN),
                GRANTED, new ConsentWithdrawnEvent(S, at("weconnect", "e-3", 2), new ConsentWithdrawn("c-1")));
    }

    @Test
    void collectionAfterExpiryIsFlaggedConsentExpired() {
        ConsentGranted expiring = consent("c-1", List.of("user.contact"), List.of(SERVICE), "A6-1-a", List.of(),
                at("weconnect", "x", 3).time());
        collecting(collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", "c-1"),
                verdict(List.of("c-1"), ViolationCode.CONSENT_EXPIRED),
                new ConsentGrantedEvent(S, at("weconnect", "e-1", 0), expiring));
    }

    @Test
    void purposeOutsideTheConsentIsFlagged() {
        collecting(collection(List.of("user.contact.email"), List.of("dpv:Advertising"), "A6-1-a", "c-1"),
                verdict(List.of("c-1"), ViolationCode.PURPOSE_NOT_COVERED), GRANTED);
    }

    @Test
    void categoryOutsideTheConsentIsFlagged() {
        collecting(collection(List.of("user.location.precise"), List.of(SERVICE), "A6-1-a", "c-1"),
                verdict(List.of("c-1"), ViolationCode.CATEGORY_NOT_COVERED), GRANTED);
    }

    @Test
    void healthDataOnOrdinaryConsentIsFlaggedSpecialCategory() {
        ConsentGranted ordinary = consent("c-h", List.of("user.health"), List.of(SERVICE), "A6-1-a", List.of(), null);
        collecting(collection(List.of("user.health"), List.of(SERVICE), "A6-1-a", "c-h"),
                verdict(List.of("c-h"), ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT),
                new ConsentGrantedEvent(S, at("weconnect", "e-1", 0), ordinary));
    }

    @Test
    void transferOfDataTheSenderNeverHeldIsFlagged() {
        transferring(transfer("foodgo", null, null, "c-1"), FOODGO_NL,
                verdict(List.of("c-1"), ViolationCode.SENDER_NOT_HOLDING), GRANTED);
    }

    @Test
    void transferToAnUnregisteredAppIsFlagged() {
        transferring(transfer("stranger", null, null, null), new RecipientFacts(false, null),
                verdict(List.of("c-1"), ViolationCode.NO_CONSENT, ViolationCode.UNREGISTERED_RECIPIENT),
                GRANTED, EMAIL_COLLECTED);
    }

    @Test
    void transferOutsideTheEeaWithoutSafeguardIsFlagged() {
        transferring(transfer("foodgo", "US", null, "c-1"), new RecipientFacts(true, "US"),
                verdict(List.of("c-1"), ViolationCode.THIRD_COUNTRY_WITHOUT_SAFEGUARD), GRANTED, EMAIL_COLLECTED);
    }

    @Test
    void receiptWithoutATransferFromThatSenderIsFlagged() {
        Origin origin = at("foodgo", "f-1", 5);
        DataReceived receipt = new DataReceived("t-404", "weconnect");
        fixture.givenNoPriorActivity()
                .when(new RecordReceiptCommand(S, origin, receipt), RECORD)
                .expectEvents(STARTED, new DataReceivedEvent(S, origin, receipt,
                        verdict(List.of(), ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER)));
    }

    // --- late arrival: verdicts follow each event's time

    @Test
    void lateWithdrawalFlagsTheTransferItPredates() {
        Origin transferOrigin = at("weconnect", "e-4", 4);
        DataTransferred transfer = transfer("foodgo", null, null, "c-1");
        Origin withdrawal = at("weconnect", "e-5", 3);
        given(GRANTED, EMAIL_COLLECTED,
                        new DataTransferredEvent(S, transferOrigin, transfer, FOODGO_NL, verdict(List.of("c-1"))))
                .when(new WithdrawConsentCommand(S, withdrawal, new ConsentWithdrawn("c-1")), RECORD)
                .expectEvents(new ConsentWithdrawnEvent(S, withdrawal, new ConsentWithdrawn("c-1")),
                        new VerdictChangedEvent(S, new JudgedEntry("transfer", "weconnect", "e-4",
                                transferOrigin.time(), "t-1", "weconnect", "foodgo"),
                                verdict(List.of("c-1"), ViolationCode.CONSENT_WITHDRAWN), withdrawal));
    }

    @Test
    void lateTransferClearsTheReceiptThatConfirmedIt() {
        Origin receiptOrigin = at("foodgo", "f-1", 5);
        DataReceived receipt = new DataReceived("t-1", "weconnect");
        Origin transferOrigin = at("weconnect", "e-4", 4);
        DataTransferred transfer = transfer("foodgo", null, null, "c-1");
        given(GRANTED, EMAIL_COLLECTED, new DataReceivedEvent(S, receiptOrigin, receipt,
                        verdict(List.of(), ViolationCode.TRANSFER_NOT_REPORTED_BY_SENDER)))
                .when(new RecordTransferCommand(S, transferOrigin, transfer, FOODGO_NL), RECORD)
                .expectEvents(new DataTransferredEvent(S, transferOrigin, transfer, FOODGO_NL, verdict(List.of("c-1"))),
                        new VerdictChangedEvent(S, new JudgedEntry("receipt", "foodgo", "f-1", receiptOrigin.time(),
                                "t-1", "weconnect", "foodgo"), Verdict.VALID, transferOrigin));
    }

    @Test
    void consentGrantedLaterInTimeDoesNotRescueAnEarlierCollection() {
        Origin grant = at("weconnect", "e-1", 9);
        given(new DataCollectedEvent(S, at("weconnect", "e-2", 1),
                        collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", null),
                        verdict(List.of(), ViolationCode.NO_CONSENT)))
                .when(new GrantConsentCommand(S, grant, CONTACT_FOR_SERVICE), RECORD)
                .expectEvents(new ConsentGrantedEvent(S, grant, CONTACT_FOR_SERVICE));
    }

    @Test
    void consentRenewedUnderTheSameIdLeavesEarlierVerdictsAlone() {
        Origin renewal = at("weconnect", "e-7", 7);
        ConsentGranted renewed = consent("c-1", List.of("user.contact", "user.location"), List.of(SERVICE), "A6-1-a",
                List.of("foodgo"), null);
        given(GRANTED, EMAIL_COLLECTED)
                .when(new GrantConsentCommand(S, renewal, renewed), RECORD)
                .expectEvents(new ConsentGrantedEvent(S, renewal, renewed));
    }

    @Test
    void claimAfterARenewalIsJudgedByTheRenewedTerms() {
        ConsentGranted renewed = consent("c-1", List.of("user.location"), List.of(SERVICE), "A6-1-a", List.of(), null);
        collecting(collection(List.of("user.contact.email"), List.of(SERVICE), "A6-1-a", "c-1"),
                verdict(List.of("c-1"), ViolationCode.CATEGORY_NOT_COVERED),
                GRANTED, new ConsentGrantedEvent(S, at("weconnect", "e-3", 3), renewed));
    }

    // --- consequences

    @Test
    void onwardTransferRestsOnTheConsentUpTheChain() {
        Origin onward = at("foodgo", "f-2", 6);
        DataTransferred toCourier = new DataTransferred("t-2", "courier", List.of("user.contact.email"),
                List.of(SERVICE), "A6-1-b", null, "DE", null);
        RecipientFacts courier = new RecipientFacts(true, "DE");
        given(GRANTED, EMAIL_COLLECTED, new DataTransferredEvent(S, at("weconnect", "e-4", 4),
                        transfer("foodgo", null, null, "c-1"), FOODGO_NL, verdict(List.of("c-1"))))
                .when(new RecordTransferCommand(S, onward, toCourier, courier), RECORD)
                .expectEvents(new DataTransferredEvent(S, onward, toCourier, courier, verdict(List.of("c-1"))));
    }

    @Test
    void erasureIsRecordedAndTheErasedDataCannotBePassedOn() {
        Origin erasure = at("weconnect", "e-5", 3);
        given(GRANTED, EMAIL_COLLECTED)
                .when(new RecordErasureCommand(S, erasure, new DataErased(null)), RECORD)
                .expectEvents(new DataErasedEvent(S, erasure, new DataErased(List.of())));
        transferring(transfer("foodgo", null, null, "c-1"), FOODGO_NL,
                verdict(List.of("c-1"), ViolationCode.SENDER_NOT_HOLDING),
                GRANTED, EMAIL_COLLECTED, new DataErasedEvent(S, erasure, new DataErased(List.of())));
    }
}
