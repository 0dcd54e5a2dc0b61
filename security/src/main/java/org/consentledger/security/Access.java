package org.consentledger.security;

import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Object-level rules (OWASP API1) for the rule tables: a role, or the one subject or app a token is
 * bound to, named by a path variable of the matcher ({@code /api/v1/subjects/{s}/**}).
 */
public final class Access {

    private Access() {
    }

    /** Any caller holding {@code role}, or a subject token bound to the subject in path variable {@code variable}. */
    public static AuthorizationManager<RequestAuthorizationContext> roleOrSubject(Role role, String variable) {
        return rule(role, variable, Caller::isSubject);
    }

    /** Any caller holding {@code role}, or an app token bound to the app in path variable {@code variable}. */
    public static AuthorizationManager<RequestAuthorizationContext> roleOrApp(Role role, String variable) {
        return rule(role, variable, Caller::isApp);
    }

    private static AuthorizationManager<RequestAuthorizationContext> rule(Role role, String variable,
                                                                          BiPredicate<Caller, String> bound) {
        return new AuthorizationManager<>() {
            @Override
            @SuppressWarnings("deprecation")
            public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
                Caller caller = Caller.of(authentication.get());
                String object = context.getVariables().get(variable);
                return new AuthorizationDecision(caller != null
                        && (caller.is(role) || (object != null && bound.test(caller, object))));
            }
        };
    }
}
