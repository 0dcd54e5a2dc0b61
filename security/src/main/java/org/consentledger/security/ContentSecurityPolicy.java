package org.consentledger.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Content-Security-Policy of every answer: nothing but the service's own scripts, styles and
 * frames, no inline script at all, calls only to the service itself and the token issuers, framed by
 * no other site. A page with an inline style block allows exactly that block, by its hash.
 */
public final class ContentSecurityPolicy {

    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private ContentSecurityPolicy() {
    }

    /** The policy for answers that may call {@code connectTo} besides their own service. */
    public static String policy(List<String> connectTo) {
        return policy(connectTo, "'self'");
    }

    /** The policy for an HTML page whose inline {@code <style>} blocks are allowed by their SHA-256. */
    public static String forPage(String html) {
        StringBuilder styles = new StringBuilder("'self'");
        Matcher style = STYLE.matcher(html);
        while (style.find()) {
            styles.append(" 'sha256-").append(sha256(style.group(1))).append('\'');
        }
        return policy(List.of(), styles.toString());
    }

    private static String policy(List<String> connectTo, String styles) {
        return "default-src 'none'; script-src 'self'; style-src " + styles + "; img-src 'self' data:; "
                + "connect-src 'self'" + (connectTo.isEmpty() ? "" : " " + String.join(" ", connectTo))
                + "; frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
