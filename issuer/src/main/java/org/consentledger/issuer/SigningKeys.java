package org.consentledger.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The issuer's RSA signing keys, kept in PostgreSQL (table {@code issuer.signing_key}) so that a
 * restart or a second instance signs with the same key. The first use creates one.
 */
public final class SigningKeys {

    private final JdbcTemplate jdbc;
    private final String table;

    /** @param table the key table as the connection names it ({@code signing_key} or {@code issuer.signing_key}) */
    public SigningKeys(JdbcTemplate jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** The key that signs: the oldest one. */
    public RSAKey signing() {
        return (RSAKey) all().getKeys().get(0);
    }

    /** Every key, the signing one first, as the JWKS publishes them (public parts only there). */
    public JWKSet all() {
        List<String> keys = jdbc.queryForList("select jwk from " + table + " order by created_at, kid", String.class);
        if (keys.isEmpty()) {
            create();
            keys = jdbc.queryForList("select jwk from " + table + " order by created_at, kid", String.class);
        }
        try {
            return new JWKSet(keys.stream().map(SigningKeys::parse).toList());
        } catch (IllegalStateException e) {
            throw new IllegalStateException("a signing key in " + table + " cannot be read", e);
        }
    }

    private void create() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
            jdbc.update("insert into " + table + " (kid, jwk) select ?, ? where not exists (select 1 from " + table + ")",
                    key.getKeyID(), key.toJSONString());
        } catch (JOSEException e) {
            throw new IllegalStateException("no RSA key could be generated", e);
        }
    }

    private static JWK parse(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
