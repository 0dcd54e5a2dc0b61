package org.consentledger.ledger.access;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.consentledger.issuer.SubjectTokens;
import org.consentledger.ledger.platform.LedgerUrls;
import org.consentledger.ledger.web.BadRequestException;
import org.consentledger.security.SubjectForgotten;
import org.consentledger.storage.sealing.SubjectKeys;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands a person a time-limited token for their own record, and a link that opens their report with
 * it; none for a person the ledger has forgotten (410).
 */
@RestController
class AccessTokensController {

    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(7);

    record AccessTokenRequest(String validFor) {
    }

    record AccessToken(String subject, String token, Instant expiresAt, String reportUrl) {
    }

    private final SubjectTokens tokens;
    private final String queryUrl;

    private final SubjectKeys keys;

    AccessTokensController(SubjectTokens tokens, LedgerUrls urls, SubjectKeys keys) {
        this.tokens = tokens;
        this.keys = keys;
        this.queryUrl = urls.queryUrl();
    }

    @Operation(summary = "A token for a person's own record (admin)",
            description = "Body optional: `{\"validFor\":\"P7D\"}` (ISO-8601, at most 30 days; default 7 days). The "
                    + "token has `roles: [\"subject\"]` and `subject_id`; `reportUrl` opens the person's report in a "
                    + "browser with no other credential.")
    @PostMapping("/api/v1/subjects/{subject}/access-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    AccessToken issue(@PathVariable String subject, @RequestBody(required = false) AccessTokenRequest request) {
        if (keys.forgotten(subject)) {
            throw new SubjectForgotten();
        }
        SubjectTokens.Issued issued;
        try {
            issued = tokens.issue(subject, validity(request));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("INVALID_FIELD", e.getMessage());
        }
        String reportUrl = queryUrl + "/api/v1/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                + "/report?access_token=" + issued.token();
        return new AccessToken(subject, issued.token(), issued.expiresAt(), reportUrl);
    }

    private static Duration validity(AccessTokenRequest request) {
        if (request == null || request.validFor() == null) {
            return DEFAULT_VALIDITY;
        }
        try {
            return Duration.parse(request.validFor());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("INVALID_FIELD", "validFor '" + request.validFor()
                    + "' is not an ISO-8601 duration such as P7D or PT12H");
        }
    }
}
