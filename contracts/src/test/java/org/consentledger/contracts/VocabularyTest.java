package org.consentledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.consentledger.contracts.vocabulary.LegalBases;
import org.consentledger.contracts.vocabulary.Vocabulary;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    private final Vocabulary vocabulary = Vocabulary.bundled();

    @Test
    void parentCategoryCoversItsChildrenButNotItsSiblingsOrParent() {
        assertThat(Vocabulary.covers("user.contact", "user.contact.email")).isTrue();
        assertThat(Vocabulary.covers("user.contact", "user.contact")).isTrue();
        assertThat(Vocabulary.covers("user.contact", "user.contactless")).isFalse();
        assertThat(Vocabulary.covers("user.contact.email", "user.contact")).isFalse();
    }

    @Test
    void specialCategoriesAreMarkedAndInheritedByChildren() {
        assertThat(vocabulary.isSpecialCategory("user.health")).isTrue();
        assertThat(vocabulary.isSpecialCategory("user.health.appointment")).isTrue();
        assertThat(vocabulary.isSpecialCategory("user.biometric")).isTrue();
        assertThat(vocabulary.isSpecialCategory("user.contact.email")).isFalse();
    }

    @Test
    void everyArticle9CategoryOfTheDesignIsBundledAndSpecial() {
        for (String category : new String[] {"user.health", "user.biometric", "user.genetic", "user.racial_ethnic",
            "user.political", "user.religious", "user.sexual", "user.trade_union"}) {
            assertThat(vocabulary.isCategory(category)).as(category).isTrue();
            assertThat(vocabulary.isSpecialCategory(category)).as(category).isTrue();
        }
    }

    @Test
    void purposesAreDpvTermsOrOperatorTerms() {
        assertThat(vocabulary.isPurpose("dpv:ServiceProvision")).isTrue();
        assertThat(vocabulary.isPurpose("dpv:Advertising")).isTrue();
        assertThat(vocabulary.isPurpose("x:LoyaltyProgramme")).isTrue();
        assertThat(vocabulary.isPurpose("dpv:MadeUp")).isFalse();
        assertThat(vocabulary.isPurpose("ServiceProvision")).isFalse();
    }

    @Test
    void legalBasesAreTheGdprCodes() {
        assertThat(vocabulary.isLegalBasis("A6-1-f")).isTrue();
        assertThat(vocabulary.isLegalBasis("A9-2-j")).isTrue();
        assertThat(vocabulary.isLegalBasis("A6-1-g")).isFalse();
        assertThat(LegalBases.isConsent("A9-2-a")).isTrue();
        assertThat(LegalBases.isConsent("A6-1-b")).isFalse();
    }
}
