package org.consentledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.consentledger.contracts.access.SubjectRecordAccessedEvent;
import org.consentledger.contracts.app.AppRegisteredEvent;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.contracts.consent.Notice;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataCollectedEvent;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataErasedEvent;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataReceivedEvent;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.DataTransferredEvent;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.subject.SubjectForgottenEvent;
import org.consentledger.contracts.subject.SubjectRecordStartedEvent;
import org.consentledger.contracts.verdict.JudgedEntry;
import org.consentledger.contracts.verdict.Verdict;
import org.consentledger.contracts.verdict.VerdictChangedEvent;
import org.consentledger.contracts.verdict.ViolationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Freezes the stored form of every ledger event: events live forever in the store, so a rename
 * must fail here and come with a new revision and an upcaster. A missing fixture is written to
 * target/received/ for review and the test fails.
 */
class EventWireFormatTest {

    private static final ObjectMapper JSON = LedgerJson.mapper();
    private static final Origin ORIGIN = new Origin("weconnect", "e-1", Instant.parse("2026-01-10T09:00:00Z"),
            Instant.parse("2026-01-10T09:00:02.5Z"));

    static Stream<Object> events() {
        return Stream.of(
                new ConsentGrantedEvent("s-1", ORIGIN, new ConsentGranted("c-1", List.of("dpv:ServiceProvision"),
                        List.of("user.contact"), "A6-1-a", List.of("foodgo"),
                        new Notice("https://weconnect.example/privacy", "3"), Instant.parse("2027-01-10T09:00:00Z"))),
                new ConsentWithdrawnEvent("s-1", ORIGIN, new ConsentWithdrawn("c-1")),
                new DataCollectedEvent("s-1", ORIGIN, new DataCollected(List.of("user.contact.email"),
                        List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", "provided", "P90D"),
                        new Verdict(List.of(), List.of("c-1"))),
                new DataTransferredEvent("s-1", ORIGIN, new DataTransferred("t-9", "foodgo",
                        List.of("user.contact.email"), List.of("dpv:ServiceProvision"), "A6-1-a", "c-1", "NL",
                        "adequacy"), new RecipientFacts(true, "NL"),
                        new Verdict(List.of(ViolationCode.PURPOSE_NOT_COVERED), List.of("c-1"))),
                new DataReceivedEvent("s-1", ORIGIN, new DataReceived("t-9", "weconnect"), Verdict.VALID),
                new VerdictChangedEvent("s-1", new JudgedEntry("transfer", "weconnect", "e-4",
                        Instant.parse("2026-01-11T10:00:00Z"), "t-9", "weconnect", "foodgo"),
                        new Verdict(List.of(ViolationCode.CONSENT_WITHDRAWN), List.of("c-1")), ORIGIN),
                new DataErasedEvent("s-1", ORIGIN, new DataErased(List.of())),
                new AppRegisteredEvent("weconnect", "WeConnect", "DE", Instant.parse("2026-01-01T00:00:00Z")),
                new SubjectRecordStartedEvent("4f1c2b9e-7d2a-4c51-9a53-0e8b6f3d2a10", "s-1"),
                new SubjectForgottenEvent(Instant.parse("2026-02-01T00:00:00Z")),
                new SubjectRecordAccessedEvent("s-1", "0193f6a2-3c4d-7e5f-8a9b-0c1d2e3f4a5b",
                        Instant.parse("2026-03-01T12:00:00.250Z"), "auditor", "auditor-7", "/api/v1/subjects/s-1/holdings",
                        "case 2026-114"));
    }

    /** A new stored form without an example here (so without a fixture) fails this test. */
    @Test
    void everyRevisionedClassOfTheContractsHasAnApprovedExample() {
        Set<Class<?>> revisioned = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.consentledger.contracts").stream()
                .filter(c -> c.isAnnotatedWith(Revision.class)).map(JavaClass::reflect).collect(Collectors.toSet());
        assertThat(revisioned).isNotEmpty();
        assertThat(events().map(Object::getClass).collect(Collectors.toSet())).containsAll(revisioned);
    }

    /** Events live forever in the store: immutable records, each with the revision of its stored form. */
    @Test
    void eventsAreRecordsWithARevision() {
        ArchRuleDefinition.classes().that().areNotInterfaces().and().haveSimpleNameEndingWith("Event")
                .should().beRecords().andShould().beAnnotatedWith(Revision.class)
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.consentledger.contracts"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void storedJsonMatchesTheApprovedFixture(Object event) throws Exception {
        String actual = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        String approved = approved(event.getClass());
        if (approved == null) {
            Path received = Path.of("target", "received", event.getClass().getSimpleName() + ".json");
            Files.createDirectories(received.getParent());
            Files.writeString(received, actual + "\n");
            fail("no approved fixture for " + event.getClass().getSimpleName() + "; review " + received.toAbsolutePath()
                    + " and copy it to src/test/resources/approved/");
        }
        JSONAssert.assertEquals(approved, actual, JSONCompareMode.STRICT);
        assertThat(JSON.readValue(approved, event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventCarriesARevision(Object event) {
        assertThat(event.getClass().getAnnotation(Revision.class)).isNotNull();
    }

    private static String approved(Class<?> type) throws IOException {
        try (InputStream in = EventWireFormatTest.class.getResourceAsStream("/approved/" + type.getSimpleName() + ".json")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
