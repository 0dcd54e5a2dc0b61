package org.consentledger.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The domain model and the shared contracts stay free of transport and persistence types, the rules
 * free of Axon and Spring, and the command side's feature packages depend on each other in one
 * direction only.
 */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.consentledger");

    @Test
    void contractsDependOnNoServiceAndNoSpring() {
        noClasses().that().resideInAPackage("org.consentledger.contracts..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.consentledger.ledger..", "org.consentledger.query..", "org.springframework..",
                        "jakarta.persistence..", "org.hibernate..")
                .check(classes);
    }

    @Test
    void domainModelKnowsNoWebKafkaOrJdbc() {
        noClasses().that().resideInAPackage("org.consentledger.ledger.subject..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web..", "org.springframework.kafka..", "org.apache.kafka..",
                        "org.springframework.jdbc..", "java.sql..")
                .check(classes);
    }

    @Test
    void rulesArePlainJava() {
        noClasses().that().resideInAPackage("org.consentledger.ledger.rules..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.axonframework..", "org.springframework..", "org.consentledger.ledger.subject..")
                .check(classes);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.consentledger.ledger.(*)..").should().beFreeOfCycles().check(classes);
    }
}
