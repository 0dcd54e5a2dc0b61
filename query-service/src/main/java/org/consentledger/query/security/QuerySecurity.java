package org.consentledger.query.security;

import static org.consentledger.security.Access.roleOrApp;
import static org.consentledger.security.Access.roleOrSubject;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import org.consentledger.security.Role;
import org.consentledger.security.ServiceSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may read what on query-service: the read side's rows of the table in docs/design.md. Auditors
 * read every trail; a person only their own; an app what the ledger says it holds; admins run the
 * projections but read nobody's trail.
 */
@Configuration(proxyBeanMethods = false)
@Import(ServiceSecurity.class)
class QuerySecurity {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String AUDITOR = Role.AUDITOR.name();

    /**
     * A person's report link carries its token in the URL, so that it opens in a browser; the auditor
     * page opens reports by a form POST with the token in the body, so that no URL holds it.
     */
    private static final String REPORT_PATH = "/api/v1/subjects/{subject}/report";
    private static final RequestMatcher REPORT = PathPatternRequestMatcher.withDefaults().matcher(REPORT_PATH);

    @Bean
    SecurityFilterChain queryFilterChain(HttpSecurity http, ServiceSecurity security) throws Exception {
        return security.filterChain(http, REPORT, rules -> rules
                .requestMatchers(GET, "/", "/index.html", "/auditor.js", "/auditor.css").permitAll()
                .requestMatchers(GET, "/api/v1/subjects/{subject}/**").access(roleOrSubject(Role.AUDITOR, "subject"))
                .requestMatchers(POST, REPORT_PATH).access(roleOrSubject(Role.AUDITOR, "subject"))
                .requestMatchers(GET, "/api/v1/apps/{app}/holdings", "/api/v1/audit/ropa/{app}")
                        .access(roleOrApp(Role.AUDITOR, "app"))
                .requestMatchers(GET, "/api/v1/audit/violations", "/api/v1/audit/concentration").hasRole(AUDITOR)
                .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                .requestMatchers(GET, "/actuator/**").hasRole(ADMIN)
                .anyRequest().denyAll());
    }
}
