package org.consentledger.issuer;

import java.util.List;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the issuer's access tokens say beyond the standard claims: {@code aud} the ledger,
 * {@code roles} the client's one role, {@code app_id} for an app's client.
 */
final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    static final String ROLES = "roles";
    static final String APP_ID = "app_id";
    static final String SUBJECT_ID = "subject_id";

    private final String audience;

    TokenClaims(String audience) {
        this.audience = audience;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        RegisteredClient client = context.getRegisteredClient();
        String role = client.getClientSettings().getSetting(Clients.ROLE);
        String appId = client.getClientSettings().getSetting(Clients.APP_ID);
        context.getClaims().audience(List.of(audience)).claim(ROLES, role == null ? List.of() : List.of(role));
        if (appId != null) {
            context.getClaims().claim(APP_ID, appId);
        }
    }
}
