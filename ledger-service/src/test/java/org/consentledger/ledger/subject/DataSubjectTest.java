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
import org.consentledger.contracts.dataflow.RecordCollectionCommand;
import org.consentledger.contracts.dataflow.RecordErasureCommand;
import org.consentledger.contracts.dataflow.RecordReceiptCommand;
import org.consentledger.contracts.dataflow.RecordTransferCommand;
import org.consentledger.contracts.ingest.Origin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DataSubjectTest {

    private static final String SUBJECT = "s-1";
    private static final ConsentGranted CONSENT = new ConsentGranted("c-1", List.of("dpv:ServiceProvision"),
            List.of("user.contact"), "A6-1-a", List.of("foodgo"), null, null);
    private static final DataCollected COLLECTION = new DataCollected(List.of("user.contact.email"),
            List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", "provided", null);
    private static final DataTransferred TRANSFER = new DataTransferred("t-1", "foodgo", List.of("user.contact.email"),
            List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", null, null);

    private FixtureConfiguration<DataSubject> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(DataSubject.class);
    }

    private static Origin at(String app, String id, String time) {
        return new Origin(app, id, Instant.parse(time), Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void firstReportAboutAPersonOpensTheirLedger() {
        Origin origin = at("weconnect", "e-1", "2026-01-01T10:00:00Z");
        fixture.givenNoPriorActivity()
                .when(new GrantConsentCommand(SUBJECT, origin, CONSENT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ConsentGrantedEvent(SUBJECT, origin, CONSENT));
    }

    @Test
    void collectionIsRecordedWithItsOrigin() {
        Origin origin = at("weconnect", "e-2", "2026-01-01T10:05:00Z");
        fixture.given(new ConsentGrantedEvent(SUBJECT, at("weconnect", "e-1", "2026-01-01T10:00:00Z"), CONSENT))
                .when(new RecordCollectionCommand(SUBJECT, origin, COLLECTION))
                .expectEvents(new DataCollectedEvent(SUBJECT, origin, COLLECTION));
    }

    @Test
    void transferIsRecordedAgainstTheSubjectsExistingLedger() {
        Origin origin = at("weconnect", "e-3", "2026-01-02T10:00:00Z");
        fixture.given(new ConsentGrantedEvent(SUBJECT, at("weconnect", "e-1", "2026-01-01T10:00:00Z"), CONSENT),
                        new DataCollectedEvent(SUBJECT, at("weconnect", "e-2", "2026-01-01T10:05:00Z"), COLLECTION))
                .when(new RecordTransferCommand(SUBJECT, origin, TRANSFER))
                .expectEvents(new DataTransferredEvent(SUBJECT, origin, TRANSFER));
    }

    @Test
    void receiptConfirmsATransfer() {
        Origin origin = at("foodgo", "f-1", "2026-01-02T10:01:00Z");
        DataReceived receipt = new DataReceived("t-1", "weconnect");
        fixture.given(new DataTransferredEvent(SUBJECT, at("weconnect", "e-3", "2026-01-02T10:00:00Z"), TRANSFER))
                .when(new RecordReceiptCommand(SUBJECT, origin, receipt))
                .expectEvents(new DataReceivedEvent(SUBJECT, origin, receipt));
    }

    @Test
    void withdrawalIsRecorded() {
        Origin origin = at("weconnect", "e-9", "2026-03-01T10:00:00Z");
        ConsentWithdrawn withdrawal = new ConsentWithdrawn("c-1");
        fixture.given(new ConsentGrantedEvent(SUBJECT, at("weconnect", "e-1", "2026-01-01T10:00:00Z"), CONSENT))
                .when(new WithdrawConsentCommand(SUBJECT, origin, withdrawal))
                .expectEvents(new ConsentWithdrawnEvent(SUBJECT, origin, withdrawal));
    }

    @Test
    void erasureOfEverythingIsRecorded() {
        Origin origin = at("foodgo", "f-2", "2026-04-01T10:00:00Z");
        DataErased everything = new DataErased(null);
        fixture.given(new DataTransferredEvent(SUBJECT, at("weconnect", "e-3", "2026-01-02T10:00:00Z"), TRANSFER))
                .when(new RecordErasureCommand(SUBJECT, origin, everything))
                .expectEvents(new DataErasedEvent(SUBJECT, origin, new DataErased(List.of())));
    }
}
