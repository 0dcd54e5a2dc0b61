package org.consentledger.ledger.web;

import java.net.URI;
import org.consentledger.ledger.ingest.InvalidEventException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** RFC 9457 problem bodies for every refusal, with a machine-readable {@code code}. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidEvent(InvalidEventException e) {
        return problem(e.code().name(), e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        return problem(e.code(), e.getMessage());
    }

    private static ProblemDetail problem(String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setType(URI.create("https://consentledger.org/problems/" + code.toLowerCase().replace('_', '-')));
        problem.setTitle(code.replace('_', ' ').toLowerCase());
        problem.setProperty("code", code);
        return problem;
    }
}
