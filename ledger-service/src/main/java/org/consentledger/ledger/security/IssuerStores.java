package org.consentledger.ledger.security;

import java.time.Clock;
import org.consentledger.issuer.Clients;
import org.consentledger.issuer.SigningKeys;
import org.consentledger.issuer.SubjectTokens;
import org.consentledger.ledger.platform.LedgerUrls;
import org.consentledger.security.LedgerSecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ledger's side of its token issuer, in the issuer's schema of the same database: the OAuth
 * clients it issues app credentials to, and the signing key of the tokens it hands to people.
 */
@Configuration(proxyBeanMethods = false)
class IssuerStores {

    @Bean
    Clients clients(JdbcTemplate jdbc) {
        return new Clients(jdbc);
    }

    @Bean
    SubjectTokens subjectTokens(JdbcTemplate jdbc, LedgerUrls urls, LedgerSecurityProperties security, Clock clock) {
        return new SubjectTokens(new SigningKeys(jdbc, "issuer.signing_key"), urls.issuerUri(), security.audience(), clock);
    }
}
