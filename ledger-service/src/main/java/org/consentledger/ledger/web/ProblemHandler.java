package org.consentledger.ledger.web;

import org.consentledger.ledger.platform.LedgerUnavailableException;
import static org.consentledger.security.Problems.problem;

import org.consentledger.ledger.platform.LedgerUnavailableException;
import org.consentledger.security.Refusal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem bodies for every refusal, with a machine-readable {@code code}: 400 for what a
 * client sent, 403 for an event naming another app than the caller's token, 422 for a valid event the ledger cannot record, 503 while the database is away, and
 * 500 without any detail (no stack trace, no SQL) for anything else.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ProblemDetail refused(Refusal e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(LedgerUnavailableException e) {
        log.warn(e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        log.error("unexpected failure answering a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the ledger failed to answer; see its log");
    }
}
