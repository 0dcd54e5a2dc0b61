package org.consentledger.security;

import java.util.Locale;
import java.util.Optional;

/** The roles a token's {@code roles} claim may name (DESIGN, Security). */
public enum Role {
    ADMIN, AUDITOR, APP, SUBJECT;

    /** The claim value: {@code admin}, {@code auditor}, {@code app}, {@code subject}. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority, for {@code hasRole}. */
    public String authority() {
        return "ROLE_" + name();
    }

    static Optional<Role> ofClaim(String value) {
        for (Role role : values()) {
            if (role.claim().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
