package org.consentledger.contracts.vocabulary;

import java.util.Set;

/** The European Economic Area: the EU member states plus Iceland, Liechtenstein and Norway (ISO 3166 alpha-2). */
public final class Countries {

    private static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private Countries() {
    }

    public static boolean inEea(String country) {
        return EEA.contains(country);
    }
}
