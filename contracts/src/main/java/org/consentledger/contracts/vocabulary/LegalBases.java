package org.consentledger.contracts.vocabulary;

/** The two legal bases that rest on the person's consent. */
public final class LegalBases {

    public static final String CONSENT = "A6-1-a";
    public static final String EXPLICIT_CONSENT = "A9-2-a";

    private LegalBases() {
    }

    public static boolean isConsent(String legalBasis) {
        return CONSENT.equals(legalBasis) || EXPLICIT_CONSENT.equals(legalBasis);
    }
}
