package org.consentledger.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A verified JWT with the {@link Caller} read from its claims. */
final class CallerToken extends JwtAuthenticationToken {

    private final Caller caller;

    CallerToken(Jwt jwt, Collection<? extends GrantedAuthority> authorities, Caller caller) {
        super(jwt, authorities, caller.name());
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }
}
