package org.consentledger.query;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The read side's feature packages depend on each other in one direction only. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.consentledger.query");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("org.consentledger.query.(*)..").should().beFreeOfCycles().check(classes);
    }
}
