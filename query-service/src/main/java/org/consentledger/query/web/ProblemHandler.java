package org.consentledger.query.web;

import java.sql.SQLException;
import static org.consentledger.security.Problems.problem;

import org.consentledger.security.Refusal;

import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.consentledger.storage.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem bodies for every refusal, with a machine-readable {@code code}: a value the
 * database refuses for its content (a NUL in a path, say) is the client's 400; anything else
 * unexpected a 500 without detail (no stack trace, no SQL).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ProblemDetail refused(Refusal e) {
        return problem(e.status(), e.code(), e.getMessage());
    }

    /** A rebuild while another instance still claims one of the processor's segments. */
    @ExceptionHandler
    ProblemDetail claimedElsewhere(UnableToClaimTokenException e) {
        return problem(HttpStatus.CONFLICT, "PROJECTION_CLAIMED_ELSEWHERE", "another instance runs this projection; "
                + "stop it there first (POST /api/v1/admin/projections/{name}/stop): " + e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unexpected(RuntimeException e) {
        SQLException sql = DatabaseFailures.sqlError(e);
        if (sql != null && DatabaseFailures.isContent(sql)) {
            return problem(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                    "a path or query parameter holds a value the ledger cannot look up (" + sql.getSQLState() + ")");
        }
        log.error("unexpected failure answering a request", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "the query-service failed to answer; see its log");
    }
}
