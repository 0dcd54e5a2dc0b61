package org.consentledger.ledger.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.consentledger.contracts.verdict.ViolationCode;
import org.junit.jupiter.api.Test;

class ConsentCoverageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final Instant T2 = T1.plusSeconds(3600);

    private static Consent consent(String id, String controller, List<String> recipients, Instant withdrawnAt) {
        return new Consent(id, controller, List.of("dpv:ServiceProvision"), List.of("user.contact"), recipients,
                "A6-1-a", T0, null, withdrawnAt);
    }

    private static Claim claim(String receiver, String sender, String consentId) {
        return new Claim(receiver, sender, T1, List.of("user.contact.email"), List.of("dpv:ServiceProvision"),
                "A6-1-a", consentId);
    }

    @Test
    void consentAppliesToTheReceiverOrToTheSenderListingTheRecipient() {
        Consent weconnect = consent("c-1", "weconnect", List.of("foodgo"), null);
        assertThat(ConsentCoverage.appliesToParties(weconnect, claim("weconnect", null, null))).isTrue();
        assertThat(ConsentCoverage.appliesToParties(weconnect, claim("foodgo", "weconnect", null))).isTrue();
        assertThat(ConsentCoverage.appliesToParties(weconnect, claim("adnet", "weconnect", null))).isFalse();
        assertThat(ConsentCoverage.appliesToParties(weconnect, claim("foodgo", null, null))).isFalse();
    }

    @Test
    void parentCategoriesCoverChildrenButNotTheOtherWayRound() {
        assertThat(ConsentCoverage.coversCategories(List.of("user.contact"), List.of("user.contact.email"))).isTrue();
        assertThat(ConsentCoverage.coversCategories(List.of("user.contact.email"), List.of("user.contact"))).isFalse();
        assertThat(ConsentCoverage.coversCategories(List.of("user.contact", "user.location"),
                List.of("user.contact.phone", "user.location.precise"))).isTrue();
    }

    @Test
    void withdrawalTakesEffectAtItsOwnMoment() {
        Claim claim = claim("weconnect", null, "c-1");
        assertThat(ConsentCoverage.failures(consent("c-1", "weconnect", List.of(), T1), claim, false))
                .containsExactly(ViolationCode.CONSENT_WITHDRAWN);
        assertThat(ConsentCoverage.failures(consent("c-1", "weconnect", List.of(), T2), claim, false)).isEmpty();
    }

    @Test
    void withoutANamedConsentTheBestFittingOneIsTaken() {
        Consent withdrawn = consent("c-old", "weconnect", List.of(), T0);
        Consent active = consent("c-new", "weconnect", List.of(), null);
        ConsentCoverage.Outcome outcome = ConsentCoverage.check(List.of(withdrawn, active), claim("weconnect", null, null));
        assertThat(outcome.violations()).isEmpty();
        assertThat(outcome.restsOn()).isEqualTo("c-new");
    }

    @Test
    void aNamedConsentOfAnotherAppDoesNotApply() {
        ConsentCoverage.Outcome outcome = ConsentCoverage.check(List.of(consent("c-1", "docbook", List.of(), null)),
                claim("weconnect", null, "c-1"));
        assertThat(outcome.violations()).containsExactly(ViolationCode.NO_CONSENT);
    }

    @Test
    void aNamedConsentThatDoesNotExistIsNoConsent() {
        ConsentCoverage.Outcome outcome = ConsentCoverage.check(List.of(consent("c-1", "weconnect", List.of(), null)),
                claim("weconnect", null, "c-404"));
        assertThat(outcome.violations()).containsExactly(ViolationCode.NO_CONSENT);
        assertThat(outcome.restsOn()).isNull();
    }

    @Test
    void nonConsentBasesNeedNoConsentUnlessTheDataIsSpecial() {
        Claim contract = new Claim("weconnect", null, T1, List.of("user.contact.email"), List.of("dpv:ServiceProvision"),
                "A6-1-b", null);
        assertThat(ConsentCoverage.check(List.of(), contract).violations()).isEmpty();
        Claim health = new Claim("weconnect", null, T1, List.of("user.health"), List.of("dpv:ServiceProvision"),
                "A6-1-f", null);
        assertThat(ConsentCoverage.check(List.of(), health).violations())
                .containsExactly(ViolationCode.SPECIAL_CATEGORY_WITHOUT_EXPLICIT_CONSENT);
    }
}
