package org.consentledger.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code GET /swagger-ui.html} answers the API browser itself (200), as the contract says, instead
 * of springdoc's redirect to {@code /swagger-ui/index.html}: the same page with its assets named from
 * the root (the security policy allows no {@code <base>}), configured by springdoc's initializer.
 */
final class ApiPageFilter extends OncePerRequestFilter {

    static final String PATH = "/swagger-ui.html";
    private static final byte[] PAGE = """
            <!DOCTYPE html>
            <html lang="en">
              <head>
                <meta charset="UTF-8">
                <title>Consent Ledger API</title>
                <link rel="stylesheet" type="text/css" href="/swagger-ui/swagger-ui.css">
                <link rel="stylesheet" type="text/css" href="/swagger-ui/index.css">
              </head>
              <body>
                <div id="swagger-ui"></div>
                <script src="/swagger-ui/swagger-ui-bundle.js" charset="UTF-8"></script>
                <script src="/swagger-ui/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
                <script src="/swagger-ui/swagger-initializer.js" charset="UTF-8"></script>
              </body>
            </html>
            """.getBytes(StandardCharsets.UTF_8);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("GET".equals(request.getMethod()) && PATH.equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.setContentLength(PAGE.length);
        response.getOutputStream().write(PAGE);
    }
}
