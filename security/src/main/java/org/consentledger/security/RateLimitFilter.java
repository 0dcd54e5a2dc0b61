package org.consentledger.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-principal request rates (OWASP API4): one Bucket4j token bucket per token subject and role,
 * refilled every second; beyond it 429 with {@code Retry-After}. Buckets of principals not seen
 * for a minute are dropped.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final LedgerSecurityProperties.RateLimits limits;
    private final Problems problems;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1)).maximumSize(1_000_000).build();

    RateLimitFilter(LedgerSecurityProperties.RateLimits limits, Problems problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Caller.of(SecurityContextHolder.getContext().getAuthentication());
        Role role = caller == null ? null : caller.limitedAs();
        long perSecond = role == null ? 0 : limits.perSecond(role);
        if (perSecond > 0) {
            Bucket bucket = buckets.get(role + " " + caller.name(), key -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1))).build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999));
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", "more than " + perSecond
                        + " requests per second for a " + role.claim() + " token; retry after " + seconds + " s");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
