package org.consentledger.query.report;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Builds and writes at most a few data-access reports and lineage graphs at once; further requests
 * wait their turn. Both hold every holding of the subject in memory until written (a report its
 * whole history too: tens of megabytes of JSON for a million-event ledger's busiest subject), so
 * unbounded concurrent ones could exhaust the heap that the projections also need.
 */
@Component
class ReportAdmission extends OncePerRequestFilter {

    private final Semaphore permits;

    ReportAdmission(@Value("${ledger.report.max-concurrent}") int maxConcurrent) {
        this.permits = new Semaphore(maxConcurrent, true);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.endsWith("/report") && !path.endsWith("/lineage");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
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
}
