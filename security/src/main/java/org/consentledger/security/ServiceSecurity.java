package org.consentledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What both services' filter chains share: bearer tokens only (no sessions, no cookies, so no CSRF),
 * checked by {@link TokenVerification}; 401 and 403 as problems; rate limits; a bounded request body;
 * security headers; health and the OpenAPI description open to all. Each service adds its own table
 * of rules with {@link #filterChain}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerSecurityProperties.class)
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A JWT of the ledger's issuer (client_credentials) or the operator's identity provider; "
                + "roles in `roles`, `app_id` for apps, `subject_id` for a person.")
@OpenAPIDefinition(security = @SecurityRequirement(name = "bearer"))
public class ServiceSecurity {

    private final LedgerSecurityProperties properties;
    private final Problems problems;

    public ServiceSecurity(LedgerSecurityProperties properties, ObjectMapper json) {
        this.properties = properties;
        this.problems = new Problems(json);
    }

    @Bean
    Problems problems() {
        return problems;
    }

    /**
     * The service's chain: {@code rules} is its table of request matchers; {@code tokenOutsideHeader}
     * the requests that may carry their token as {@code access_token}, in the query of a GET (RFC 6750
     * 2.3: a link a person opens in a browser) or a form field of a POST (2.2: a page that opens a
     * document without putting the token into its URL), none when null.
     */
    public SecurityFilterChain filterChain(HttpSecurity http, RequestMatcher tokenOutsideHeader,
            Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> rules)
            throws Exception {
        ProblemHandlers handlers = new ProblemHandlers(problems);
        DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
        DefaultBearerTokenResolver parameter = new DefaultBearerTokenResolver();
        parameter.setAllowUriQueryParameter(true);
        parameter.setAllowFormEncodedBodyParameter(true);
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .oauth2ResourceServer(oauth -> oauth
                        .authenticationManagerResolver(TokenVerification.resolver(properties))
                        .bearerTokenResolver(request -> tokenOutsideHeader != null && tokenOutsideHeader.matches(request)
                                ? parameter.resolve(request) : header.resolve(request))
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.policy(properties.issuers()))))
                .addFilterAfter(new RateLimitFilter(properties.rateLimits(), problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new BodyLimitFilter(properties.maxRequestBody().toBytes(), problems), AuthorizationFilter.class)
                .addFilterAfter(new ApiPageFilter(), BodyLimitFilter.class)
                .authorizeHttpRequests(registry -> {
                    // an error page for a request already authorized (or refused) is no request of its own
                    registry.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    registry.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/v3/api-docs",
                            "/v3/api-docs/**", ApiPageFilter.PATH, "/swagger-ui/**").permitAll();
                    rules.customize(registry);
                });
        return http.build();
    }
}
