package org.consentledger.query.web;

import java.net.URI;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem bodies for every refusal, with a machine-readable {@code code}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }

    /** A rebuild while another instance still claims one of the processor's segments. */
    @ExceptionHandler
    ProblemDetail claimedElsewhere(UnableToClaimTokenException e) {
        return problem(HttpStatus.CONFLICT, "PROJECTION_CLAIMED_ELSEWHERE", "another instance runs this projection; "
                + "stop it there first (POST /api/v1/admin/projections/{name}/stop): " + e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://consentledger.org/problems/" + code.toLowerCase().replace('_', '-')));
        problem.setTitle(code.replace('_', ' ').toLowerCase());
        problem.setProperty("code", code);
        return problem;
    }
}
