package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OWASP API hygiene of the contract: per-principal rate limits answered 429 with Retry-After,
 * bodies over 64 KiB answered 413, an app's token bound to its own source, security headers.
 */
class HygieneTest {

    private static DevStack stack;

    @BeforeAll
    static void stack() {
        stack = TestStack.shared();
        TestStack.registerApp(stack, "hygiene", "Hygiene", "DE");
        TestStack.registerApp(stack, "hygiene-other", "Hygiene other", "DE");
    }

    @Test
    void aPersonsTokenGetsTenRequestsASecondAndThen429WithRetryAfter() {
        String token = TestStack.admin().post(stack.ledgerUrl() + "/api/v1/subjects/hygiene-s/access-tokens")
                .get("token").asText();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(LedgerClient.send(HttpRequest.newBuilder(URI.create(stack.queryUrl()
                    + "/api/v1/subjects/hygiene-s/consents")).header("Authorization", "Bearer " + token)));
        }
        HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("\"code\":\"RATE_LIMITED\"");
        assertThat(answers.stream().filter(a -> a.statusCode() == 200).count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aBodyOver64KiBIs413() {
        String big = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";
        TestStack.Response answer = TestStack.call("POST", stack.ledgerUrl() + "/api/v1/events",
                TestStack.app("hygiene").token(), "application/cloudevents+json", big);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void anAppPostingAnotherAppsEventIs403SourceMismatch() {
        String claim = Events.collected("hygiene-other", "s-h", "2026-02-01T09:00:00Z", "c-none", List.of("user.name"))
                .toString();
        TestStack.Response answer = TestStack.call("POST", stack.ledgerUrl() + "/api/v1/events",
                TestStack.app("hygiene").token(), "application/cloudevents+json", claim);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body().get("code").asText()).isEqualTo("SOURCE_MISMATCH");
    }

    @Test
    void answersCarrySecurityHeadersAndPagesAStrictContentSecurityPolicy() {
        HttpResponse<String> data = TestStack.auditor().call(HttpRequest.newBuilder(URI.create(stack.queryUrl()
                + "/api/v1/subjects/hygiene-s/holdings")));
        assertThat(data.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(data.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        HttpResponse<String> page = LedgerClient.send(HttpRequest.newBuilder(URI.create(stack.queryUrl() + "/")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'self'").doesNotContain("unsafe-inline");
    }
}
