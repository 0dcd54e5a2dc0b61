package org.consentledger.issuer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Spring Authorization Server for the {@code client_credentials} grant: clients from PostgreSQL, the
 * signing key from PostgreSQL, a pinned issuer URI, the ledger's claims in every access token. Its
 * discovery document and JWKS are public; the token endpoint takes HTTP Basic client authentication,
 * also from the browser origins configured (the auditor page).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class IssuerConfig {

    static final String AUDIENCE = "consent-ledger";

    @Bean
    SecurityFilterChain issuerChain(HttpSecurity http, @Value("${ledger.issuer.browser-origins}") List<String> origins)
            throws Exception {
        OAuth2AuthorizationServerConfigurer issuer = OAuth2AuthorizationServerConfigurer.authorizationServer();
        CorsConfiguration browsers = new CorsConfiguration();
        browsers.setAllowedOrigins(origins);
        browsers.setAllowedMethods(List.of("POST", "GET"));
        browsers.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        UrlBasedCorsConfigurationSource cors = new UrlBasedCorsConfigurationSource();
        cors.registerCorsConfiguration("/oauth2/token", browsers);
        // the browser's CORS preflight (OPTIONS) is answered by this chain's CORS filter too
        http.securityMatcher(new OrRequestMatcher(issuer.getEndpointsMatcher(),
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.OPTIONS, "/oauth2/token")))
                .with(issuer, Customizer.withDefaults())
                .cors(c -> c.configurationSource(cors))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .authorizeHttpRequests(rules -> rules.anyRequest().authenticated());
        return http.build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${ledger.issuer.uri}") String uri) {
        return AuthorizationServerSettings.builder().issuer(uri).build();
    }

    @Bean
    RegisteredClientRepository registeredClients(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    @Bean
    SigningKeys signingKeys(JdbcTemplate jdbc) {
        return new SigningKeys(jdbc, "signing_key");
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return (selector, context) -> selector.select(keys.all());
    }

    @Bean
    TokenClaims tokenClaims() {
        return new TokenClaims(AUDIENCE);
    }

    @Bean
    StatelessAuthorizations authorizations() {
        return new StatelessAuthorizations();
    }
}
