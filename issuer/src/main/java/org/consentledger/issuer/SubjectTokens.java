package org.consentledger.issuer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Tokens for handing a person their own record: {@code roles: ["subject"]} and {@code subject_id},
 * signed with the issuer's key and carrying its {@code iss}, so the services check them like any
 * other token of the issuer.
 */
public final class SubjectTokens {

    /** What a person's token may be valid for at most. */
    public static final Duration LONGEST = Duration.ofDays(30);

    public record Issued(String token, Instant expiresAt) {
    }

    private final SigningKeys keys;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public SubjectTokens(SigningKeys keys, String issuer, String audience, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }

    public Issued issue(String subject, Duration validFor) {
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("validFor must be more than zero and at most P30D");
        }
        RSAKey key = keys.signing();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(validFor);
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(issuer).subject(subject).audience(List.of(audience))
                .issuedAt(now).notBefore(now).expiresAt(expiresAt)
                .claim(TokenClaims.ROLES, List.of("subject")).claim(TokenClaims.SUBJECT_ID, subject).build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(key.getKeyID()).build();
        String token = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)))
                .encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new Issued(token, expiresAt);
    }
}
