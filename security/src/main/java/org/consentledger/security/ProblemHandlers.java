package org.consentledger.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem bodies, with the {@code WWW-Authenticate} header of RFC 6750 that Spring
 * Security's bearer handlers set: {@code Bearer} without a token, {@code Bearer error="invalid_token"}
 * for a rejected one.
 */
final class ProblemHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();
    private final Problems problems;

    ProblemHandlers(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (e instanceof AuthenticationServiceException) {
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "ISSUER_UNAVAILABLE",
                    "tokens cannot be checked right now: the token issuer cannot be reached; retry later");
            return;
        }
        bearerEntryPoint.commence(request, response, e);
        boolean tokenSent = request.getHeader("Authorization") != null || request.getParameter("access_token") != null;
        if (tokenSent) {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "INVALID_TOKEN", "the bearer token was "
                    + "rejected: " + e.getMessage());
        } else {
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "this endpoint needs a bearer token (Authorization: Bearer <JWT>)");
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        problems.write(request, response, HttpStatus.FORBIDDEN, "FORBIDDEN",
                "the token's role or the object it is bound to does not allow this request");
    }
}
