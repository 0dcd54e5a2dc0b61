package org.consentledger.issuer;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The OAuth clients of the ledger's issuer: each gets tokens by {@code client_credentials} (HTTP
 * Basic) with one role and, for an app, its app id. Secrets are random, shown once, stored as
 * bcrypt hashes; issuing again replaces the secret at once.
 */
public final class Clients {

    static final String ROLE = "settings.ledger.role";
    static final String APP_ID = "settings.ledger.app-id";
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcRegisteredClientRepository repository;
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    /** @param jdbc connections whose search path finds {@code oauth2_registered_client} */
    public Clients(JdbcTemplate jdbc) {
        this.repository = new JdbcRegisteredClientRepository(jdbc);
    }

    /** Issues a new secret for {@code clientId} with {@code role} (and {@code appId} for an app); answers the secret. */
    public String issue(String clientId, String role, String appId) {
        String secret = newSecret();
        RegisteredClient existing = repository.findByClientId(clientId);
        ClientSettings.Builder settings = ClientSettings.builder().setting(ROLE, role);
        if (appId != null) {
            settings.setting(APP_ID, appId);
        }
        repository.save(RegisteredClient.withId(existing != null ? existing.getId() : UUID.randomUUID().toString())
                .clientId(clientId)
                .clientName(appId != null ? "app " + appId : role)
                .clientSecret(encoder.encode(secret))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientSettings(settings.build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_LIFETIME).build())
                .build());
        return secret;
    }

    /** Whether {@code secret} is the current secret of {@code clientId} (false for an unknown client). */
    public boolean accepts(String clientId, String secret) {
        RegisteredClient client = repository.findByClientId(clientId);
        return client != null && secret != null && encoder.matches(secret, client.getClientSecret());
    }

    /** 256 random bits, base64url: a client secret or a password. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
