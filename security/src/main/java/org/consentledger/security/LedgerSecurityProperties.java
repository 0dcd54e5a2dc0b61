package org.consentledger.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Who the services trust and how much they take, the same for both services.
 *
 * @param issuers        issuer URIs whose tokens are accepted (checked against each one's JWKS)
 * @param audience       what {@code aud} must contain
 * @param claims         where roles, the app id and the subject id are in a token
 * @param rateLimits     requests per second per principal of each role; 0 = unlimited
 * @param maxRequestBody larger request bodies answer 413
 */
@ConfigurationProperties("ledger.security")
public record LedgerSecurityProperties(
        @DefaultValue("http://localhost:8083") List<String> issuers,
        @DefaultValue("consent-ledger") String audience,
        @DefaultValue Claims claims,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue("64KB") DataSize maxRequestBody) {

    public record Claims(@DefaultValue("roles") String roles, @DefaultValue("app_id") String appId,
                         @DefaultValue("subject_id") String subjectId) {
    }

    public record RateLimits(@DefaultValue("10") long subject, @DefaultValue("1000") long app,
                             @DefaultValue("0") long auditor, @DefaultValue("0") long admin) {

        long perSecond(Role role) {
            return switch (role) {
                case SUBJECT -> subject;
                case APP -> app;
                case AUDITOR -> auditor;
                case ADMIN -> admin;
            };
        }
    }
}
