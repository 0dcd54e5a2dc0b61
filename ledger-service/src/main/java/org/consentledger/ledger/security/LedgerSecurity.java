package org.consentledger.ledger.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import org.consentledger.security.Access;
import org.consentledger.security.Role;
import org.consentledger.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Who may call what on ledger-service: the command side's rows of the table in docs/design.md. */
@Configuration(proxyBeanMethods = false)
@Import(ServiceSecurity.class)
class LedgerSecurity {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String AUDITOR = Role.AUDITOR.name();
    private static final String APP = Role.APP.name();

    @Bean
    SecurityFilterChain ledgerFilterChain(HttpSecurity http, ServiceSecurity security) throws Exception {
        return security.filterChain(http, null, rules -> rules
                .requestMatchers(GET, "/api/v1/apps").hasAnyRole(ADMIN, AUDITOR)
                .requestMatchers(PUT, "/api/v1/apps/{app}").hasRole(ADMIN)
                .requestMatchers(POST, "/api/v1/apps/{app}/credentials").hasRole(ADMIN)
                .requestMatchers(POST, "/api/v1/events").hasRole(APP)
                .requestMatchers(POST, "/api/v1/subjects/{subject}/access-tokens").hasRole(ADMIN)
                .requestMatchers(POST, "/api/v1/subjects/{subject}/erasure").access(Access.roleOrSubject(Role.ADMIN, "subject"))
                .requestMatchers(GET, "/api/v1/log/checkpoint", "/api/v1/log/key", "/api/v1/log/proof/**").permitAll()
                .requestMatchers(GET, "/api/v1/log/leaves").hasRole(AUDITOR)
                .requestMatchers(GET, "/actuator/**").hasRole(ADMIN)
                .anyRequest().denyAll());
    }
}
