package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.consentledger.issuer.SigningKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Tokens an attacker could send, through the services' real decoder: only one signed by the issuer's
 * key, unexpired, with the trusted issuer and the ledger's audience, is accepted. The forgeries are
 * made with Nimbus here, the accepted one too, so the test shows it can tell them apart.
 */
class TokenRejectionTest {

    private static DevStack stack;
    private static RSAKey issuerKey;
    private static String url;

    @BeforeAll
    static void stack() {
        stack = TestStack.shared();
        issuerKey = new SigningKeys(TestStack.jdbc(stack.dbUrl()), "issuer.signing_key").signing();
        url = stack.queryUrl() + "/api/v1/audit/concentration";
    }

    @Test
    void aTokenSignedByTheIssuersKeyWithTheRightClaimsIsAccepted() throws Exception {
        assertThat(status(signed(issuerKey, claims(c -> c)))).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"expired", "wrong issuer", "wrong audience", "no audience", "not yet valid"})
    void aTokenWithAWrongClaimIsRejected(String wrong) throws Exception {
        Instant now = Instant.now();
        String token = signed(issuerKey, claims(switch (wrong) {
            case "expired" -> c -> c.issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(600)));
            case "wrong issuer" -> c -> c.issuer("https://issuer.attacker.example");
            case "wrong audience" -> c -> c.audience("another-service");
            case "no audience" -> c -> c.audience(List.of());
            default -> c -> c.notBeforeTime(Date.from(now.plusSeconds(3600)));
        }));
        assertRejected(token);
    }

    @Test
    void anUnsignedTokenIsRejected() {
        assertRejected(new PlainJWT(claims(c -> c)).serialize());
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(issuerKey.getKeyID()).generate();
        assertRejected(signed(other, claims(c -> c)));
    }

    @Test
    void anHmacTokenKeyedWithTheIssuersPublicKeyIsRejected() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuerKey.getKeyID()).build(),
                claims(c -> c));
        jwt.sign(new MACSigner(issuerKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertRejected(jwt.serialize());
    }

    @Test
    void aTokenWithoutAKnownRoleIsForbidden() throws Exception {
        assertThat(status(signed(issuerKey, claims(c -> c.claim("roles", List.of("root", "superuser")))))).isEqualTo(403);
    }

    private static void assertRejected(String token) {
        HttpResponse<String> answer = send(token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"code\":\"INVALID_TOKEN\"").doesNotContain("Exception");
    }

    /** An auditor's claims as the issuer makes them, changed by {@code change}. */
    private static JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().issuer(stack.issuerUrl()).subject("forger")
                .audience("consent-ledger").issueTime(Date.from(now)).notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(600))).claim("roles", List.of("auditor"))).build();
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static int status(String token) {
        return send(token).statusCode();
    }

    private static HttpResponse<String> send(String token) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
