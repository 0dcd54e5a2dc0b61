package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role × endpoint table of docs/design.md, against the running services: every endpoint of both
 * services, as their real request mappings list them, is called by every kind of caller, with its own
 * objects and with another's. An endpoint the table does not name fails the test, so a new endpoint
 * cannot ship without a rule.
 */
class SecurityMatrixTest {

    /** Who may call an endpoint. */
    private enum Rule {
        PUBLIC, ADMIN, AUDITOR, ADMIN_OR_AUDITOR, APP, AUDITOR_OR_OWN_SUBJECT, AUDITOR_OR_OWN_APP, ADMIN_OR_OWN_SUBJECT
    }

    private record Caller(String name, String token, boolean admin, boolean auditor, String app, String subject) {
    }

    private static final String APP = "matrix-a";
    private static final String OTHER_APP = "matrix-b";
    private static final String SUBJECT = "matrix-s";
    private static final String OTHER_SUBJECT = "matrix-t";

    /** Forgets the subjects it is called for: checked after every other endpoint. */
    private static final String FORGET = "POST /api/v1/subjects/{subject}/erasure";

    /** The table: "METHOD pattern" of each service → who may call it. */
    private static final Map<String, Rule> LEDGER = new LinkedHashMap<>();
    private static final Map<String, Rule> QUERY = new LinkedHashMap<>();

    static {
        LEDGER.put("GET /api/v1/apps", Rule.ADMIN_OR_AUDITOR);
        LEDGER.put("PUT /api/v1/apps/{appId}", Rule.ADMIN);
        LEDGER.put("POST /api/v1/apps/{appId}/credentials", Rule.ADMIN);
        LEDGER.put("POST /api/v1/events", Rule.APP);
        LEDGER.put("POST /api/v1/subjects/{subject}/access-tokens", Rule.ADMIN);
        LEDGER.put(FORGET, Rule.ADMIN_OR_OWN_SUBJECT);
        LEDGER.put("GET /api/v1/log/checkpoint", Rule.PUBLIC);
        LEDGER.put("GET /api/v1/log/key", Rule.PUBLIC);
        LEDGER.put("GET /api/v1/log/proof/inclusion", Rule.PUBLIC);
        LEDGER.put("GET /api/v1/log/proof/consistency", Rule.PUBLIC);
        LEDGER.put("GET /api/v1/log/leaves", Rule.AUDITOR);
        LEDGER.put("GET /actuator/health", Rule.PUBLIC);
        LEDGER.put("GET /actuator/prometheus", Rule.ADMIN);
        LEDGER.put("GET /v3/api-docs", Rule.PUBLIC);

        QUERY.put("GET /api/v1/subjects/{subject}/holdings", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/holdings/summary", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/consents", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/lineage", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/history", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/accesses", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/subjects/{subject}/report", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("POST /api/v1/subjects/{subject}/report", Rule.AUDITOR_OR_OWN_SUBJECT);
        QUERY.put("GET /api/v1/apps/{app}/holdings", Rule.AUDITOR_OR_OWN_APP);
        QUERY.put("GET /api/v1/audit/ropa/{app}", Rule.AUDITOR_OR_OWN_APP);
        QUERY.put("GET /api/v1/audit/violations", Rule.AUDITOR);
        QUERY.put("GET /api/v1/audit/concentration", Rule.AUDITOR);
        QUERY.put("GET /api/v1/admin/projections", Rule.ADMIN);
        QUERY.put("POST /api/v1/admin/projections/{name}/rebuild", Rule.ADMIN);
        QUERY.put("POST /api/v1/admin/projections/{name}/stop", Rule.ADMIN);
        QUERY.put("POST /api/v1/admin/projections/{name}/start", Rule.ADMIN);
        QUERY.put("GET /api/v1/admin/dead-letters", Rule.ADMIN);
        QUERY.put("POST /api/v1/admin/dead-letters/{projection}/retry", Rule.ADMIN);
        QUERY.put("DELETE /api/v1/admin/dead-letters/{projection}/{sequence}", Rule.ADMIN);
        QUERY.put("GET /actuator/health", Rule.PUBLIC);
        QUERY.put("GET /actuator/prometheus", Rule.ADMIN);
        QUERY.put("GET /v3/api-docs", Rule.PUBLIC);
    }

    private static DevStack stack;
    private static List<Caller> callers;

    @BeforeAll
    static void callers() {
        stack = TestStack.shared();
        TestStack.registerApp(stack, APP, "Matrix A", "DE");
        TestStack.registerApp(stack, OTHER_APP, "Matrix B", "DE");
        callers = List.of(
                new Caller("anonymous", null, false, false, null, null),
                new Caller("admin", TestStack.admin().token(), true, false, null, null),
                new Caller("auditor", TestStack.auditor().token(), false, true, null, null),
                new Caller("app " + APP, TestStack.app(APP).token(), false, false, APP, null),
                new Caller("subject " + SUBJECT, subjectToken(SUBJECT), false, false, null, SUBJECT));
    }

    @Test
    void everyEndpointOfBothServicesHasARuleAndEveryRuleAnEndpoint() {
        for (var service : List.of(Map.entry(stack.ledgerContext(), LEDGER), Map.entry(stack.queryContext(), QUERY))) {
            Set<String> mapped = mappings(service.getKey());
            assertThat(mapped).as("endpoints without a rule in the matrix").isSubsetOf(service.getValue().keySet());
            assertThat(service.getValue().keySet().stream().filter(e -> !e.contains("/actuator/") && !e.contains("/v3/")))
                    .as("rules without an endpoint").isSubsetOf(mapped);
        }
    }

    @Test
    void everyCallerGetsWhatTheTableSays() {
        List<String> wrong = new ArrayList<>();
        Map<String, Rule> forgetting = Map.of(FORGET, LEDGER.get(FORGET));
        Map<String, Rule> ledger = new LinkedHashMap<>(LEDGER);
        ledger.remove(FORGET);
        check(stack.ledgerUrl(), ledger, wrong);
        check(stack.queryUrl(), QUERY, wrong);
        check(stack.ledgerUrl(), forgetting, wrong);
        assertThat(wrong).as("answers that differ from the table").isEmpty();
    }

    @Test
    void theApiBrowserOpensOnBothServicesWithoutARedirectAndItsAssetsLoad() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String base : List.of(stack.ledgerUrl(), stack.queryUrl())) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/swagger-ui.html")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(base).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            for (String asset : List.of("swagger-ui.css", "index.css", "swagger-ui-bundle.js",
                    "swagger-ui-standalone-preset.js", "swagger-initializer.js")) {
                assertThat(page.body()).contains("/swagger-ui/" + asset);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/swagger-ui/" + asset)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as(asset).isEqualTo(200);
            }
        }
    }

    private static void check(String base, Map<String, Rule> table, List<String> wrong) {
        table.forEach((endpoint, rule) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String pattern = endpoint.substring(endpoint.indexOf(' ') + 1);
            for (Caller caller : callers) {
                for (boolean own : new boolean[] {true, false}) {
                    if (!own && !pattern.contains("{")) {
                        continue;
                    }
                    String path = path(pattern, own);
                    int expected = expected(rule, caller, own);
                    String body = method.equals("POST") && pattern.equals("/api/v1/events") ? event() : null;
                    int status = callWithinRateLimit(method, base + path, caller.token(), body);
                    boolean ok = expected == 0 ? status != 401 && status != 403 : status == expected;
                    if (!ok) {
                        wrong.add(caller.name() + " " + method + " " + path + ": " + status + ", the table says "
                                + (expected == 0 ? "allowed" : expected));
                    }
                }
            }
        });
    }

    /** The status of the call, once the caller's rate limit lets it through (a person's token gets 10 a second). */
    private static int callWithinRateLimit(String method, String url, String token, String body) {
        String type = body == null ? "application/json" : "application/cloudevents+json";
        int[] status = {TestStack.call(method, url, token, type, body).status()};
        if (status[0] == 429) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> (status[0] = TestStack.call(method, url, token, type, body).status()) != 429);
        }
        return status[0];
    }

    /** 0 when the caller may, else the status it gets. */
    private static int expected(Rule rule, Caller caller, boolean own) {
        if (rule == Rule.PUBLIC) {
            return 0;
        }
        if (caller.token() == null) {
            return 401;
        }
        boolean allowed = switch (rule) {
            case PUBLIC -> true;
            case ADMIN -> caller.admin();
            case AUDITOR -> caller.auditor();
            case ADMIN_OR_AUDITOR -> caller.admin() || caller.auditor();
            case APP -> caller.app() != null;
            case AUDITOR_OR_OWN_SUBJECT -> caller.auditor() || (own && caller.subject() != null);
            case AUDITOR_OR_OWN_APP -> caller.auditor() || (own && caller.app() != null);
            case ADMIN_OR_OWN_SUBJECT -> caller.admin() || (own && caller.subject() != null);
        };
        return allowed ? 0 : 403;
    }

    /** The pattern with the callers' own objects, or another app's and another person's. */
    private static String path(String pattern, boolean own) {
        return pattern.replace("{subject}", own ? SUBJECT : OTHER_SUBJECT)
                .replace("{appId}", own ? APP : OTHER_APP).replace("{app}", own ? APP : OTHER_APP)
                .replace("{name}", "no-such-projection").replace("{projection}", "no-such-projection")
                .replace("{sequence}", "1");
    }

    private static String event() {
        return Events.collected(APP, SUBJECT, "2026-02-01T09:00:00Z", "c-none", List.of("user.name")).toString();
    }

    private static String subjectToken(String subject) {
        return TestStack.admin().post(stack.ledgerUrl() + "/api/v1/subjects/" + subject + "/access-tokens")
                .get("token").asText();
    }

    /** "METHOD pattern" of every endpoint the service's controllers map, the OpenAPI document's included. */
    private static Set<String> mappings(ConfigurableApplicationContext context) {
        Set<String> endpoints = new TreeSet<>();
        Map<RequestMappingInfo, ?> methods = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class).getHandlerMethods();
        methods.keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error") || pattern.startsWith("/v3/api-docs") || pattern.startsWith("/swagger-ui")) {
                    continue;
                }
                Set<RequestMethod> verbs = info.getMethodsCondition().getMethods();
                for (RequestMethod verb : verbs.isEmpty() ? Set.of(RequestMethod.GET) : verbs) {
                    endpoints.add(verb + " " + pattern);
                }
            }
        });
        return endpoints;
    }
}
