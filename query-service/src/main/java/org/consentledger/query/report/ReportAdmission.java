package org.consentledger.query.report;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.consentledger.query.holdings.HoldingsRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Builds and writes at most a few data-access reports and lineage graphs at once; further ones wait
 * their turn. Both hold every holding of the subject in memory until written (a report its whole
 * history too: tens of megabytes of JSON for a million-event ledger's busiest subject), so unbounded
 * concurrent ones could exhaust the heap that the projections also need. Subjects with fewer
 * holdings than {@code ledger.report.large-from-holdings} (about a kilobyte of report each) have
 * their own, larger limit, so that they do not wait seconds behind the busiest subjects' reports.
 */
@Component
class ReportAdmission extends OncePerRequestFilter {

    private static final Pattern GUARDED = Pattern.compile("/api/v1/subjects/([^/]+)/(report|lineage)");

    private final Semaphore large;
    private final Semaphore small;
    private final Predicate<String> isLarge;

    @Autowired
    ReportAdmission(ReportProperties report, HoldingsRepository holdings) {
        this(report.maxConcurrent(), report.maxConcurrentSmall(),
                subject -> holdings.hasAtLeast(subject, report.largeFromHoldings()));
    }

    ReportAdmission(int maxConcurrent, int maxConcurrentSmall, Predicate<String> isLarge) {
        this.large = new Semaphore(maxConcurrent, true);
        this.small = new Semaphore(maxConcurrentSmall, true);
        this.isLarge = isLarge;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return subjectOf(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Semaphore permits = isLarge.test(subjectOf(request)) ? large : small;
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting to build a report", e);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    /** The subject of a report or lineage request; null for any other request. */
    private static String subjectOf(HttpServletRequest request) {
        Matcher guarded = GUARDED.matcher(request.getRequestURI());
        return guarded.matches() ? UriUtils.decode(guarded.group(1), StandardCharsets.UTF_8) : null;
    }
}
