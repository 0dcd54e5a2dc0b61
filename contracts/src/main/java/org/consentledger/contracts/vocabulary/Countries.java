package org.consentledger.contracts.vocabulary;

import java.util.Locale;
import java.util.Set;

/** ISO 3166 alpha-2 countries, and the European Economic Area: the EU plus Iceland, Liechtenstein and Norway. */
public final class Countries {

    private static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private static final Set<String> ISO_3166 = Set.of(Locale.getISOCountries());

    private Countries() {
    }

    /** An ISO 3166 alpha-2 country code, such as DE or US. */
    public static boolean isCountry(String code) {
        return code != null && ISO_3166.contains(code);
    }

    public static boolean inEea(String country) {
        return EEA.contains(country);
    }
}
