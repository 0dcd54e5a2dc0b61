package org.consentledger.security;

import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * Who made a request, as its token proves: roles, the token's {@code sub}, and for an app or a
 * subject the id the token is bound to.
 */
public record Caller(Set<Role> roles, String name, String appId, String subjectId) {

    /** The caller of an authenticated request; null for an anonymous one. */
    public static Caller of(Authentication authentication) {
        return authentication instanceof CallerToken token ? token.caller() : null;
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** An app token bound to {@code app}. */
    public boolean isApp(String app) {
        return is(Role.APP) && appId != null && appId.equals(app);
    }

    /** A subject token bound to {@code subject}. */
    public boolean isSubject(String subject) {
        return is(Role.SUBJECT) && subjectId != null && subjectId.equals(subject);
    }

    /** The role that decides the caller's rate limit: the most restricted one it holds. */
    Role limitedAs() {
        for (Role role : new Role[] {Role.SUBJECT, Role.APP, Role.AUDITOR, Role.ADMIN}) {
            if (is(role)) {
                return role;
            }
        }
        return null;
    }
}
