package org.consentledger.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A client of the ledger's REST API as one OAuth client (admin, auditor or an app): it gets its
 * tokens by {@code client_credentials} from the issuer and keeps each until shortly before it expires.
 */
public final class LedgerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private String token;
    private Instant renewAt = Instant.MIN;

    public LedgerClient(String tokenEndpoint, String clientId, String clientSecret) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** A valid access token of this client. */
    public synchronized String token() {
        if (Instant.now().isAfter(renewAt)) {
            String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("no token for " + clientId + " from " + tokenEndpoint + ": "
                        + answer.statusCode() + " " + answer.body());
            }
            JsonNode body = json(answer.body());
            token = body.get("access_token").asText();
            renewAt = Instant.now().plusSeconds(Math.max(0, body.path("expires_in").asLong(60) - 30));
        }
        return token;
    }

    /** Sends the request with this client's bearer token. */
    public HttpResponse<String> call(HttpRequest.Builder request) {
        return send(request.header("Authorization", "Bearer " + token()));
    }

    /** PUT {@code url} with a JSON body; fails unless it answers 2xx. */
    public JsonNode put(String url, Map<String, ?> body) {
        return expectOk(call(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body)))));
    }

    /** POST {@code url} without a body; fails unless it answers 2xx. */
    public JsonNode post(String url) {
        return expectOk(call(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** GET {@code url}; fails unless it answers 2xx. */
    public JsonNode get(String url) {
        return expectOk(call(HttpRequest.newBuilder(URI.create(url)).GET()));
    }

    private static JsonNode expectOk(HttpResponse<String> answer) {
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(answer.request().method() + " " + answer.uri() + " answered "
                    + answer.statusCode() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.createObjectNode() : json(answer.body());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
