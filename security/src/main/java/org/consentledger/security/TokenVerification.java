package org.consentledger.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;

/**
 * Accepts a JWT only from a trusted issuer, with a signature by a key of that issuer's JWKS (found
 * by OpenID / RFC 8414 discovery, fetched on first use), an unexpired {@code exp}, that {@code iss}
 * and {@code aud} containing the configured audience. The algorithms are those of the issuer's keys,
 * so {@code alg: none} and HMAC tokens are refused. Claims become a {@link Caller}.
 */
final class TokenVerification {

    private TokenVerification() {
    }

    static AuthenticationManagerResolver<HttpServletRequest> resolver(LedgerSecurityProperties properties) {
        Set<String> trusted = Set.copyOf(properties.issuers());
        Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();
        return new JwtIssuerAuthenticationManagerResolver(issuer -> trusted.contains(issuer)
                ? managers.computeIfAbsent(issuer, i -> manager(i, properties)) : null);
    }

    private static AuthenticationManager manager(String issuer, LedgerSecurityProperties properties) {
        NimbusJwtDecoder decoder;
        try {
            decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
        } catch (RuntimeException e) {
            throw new AuthenticationServiceException("the token issuer " + issuer + " cannot be reached", e);
        }
        String audience = properties.audience();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience))));
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> token(jwt, properties.claims()));
        return new ProviderManager(provider);
    }

    private static CallerToken token(Jwt jwt, LedgerSecurityProperties.Claims claims) {
        Set<Role> roles = roles(claim(jwt.getClaims(), claims.roles()));
        Caller caller = new Caller(roles, jwt.getSubject(), text(claim(jwt.getClaims(), claims.appId())),
                text(claim(jwt.getClaims(), claims.subjectId())));
        return new CallerToken(jwt, roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList(), caller);
    }

    /** A claim by name, or by a dotted path into nested objects ({@code realm_access.roles} in Keycloak). */
    private static Object claim(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(part);
        }
        return value;
    }

    private static Set<Role> roles(Object claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Collection<?> values = claim instanceof Collection<?> list ? list : claim == null ? List.of() : List.of(claim);
        values.forEach(v -> Role.ofClaim(String.valueOf(v)).ifPresent(roles::add));
        return roles;
    }

    private static String text(Object claim) {
        return claim instanceof String s && !s.isEmpty() ? s : null;
    }
}
