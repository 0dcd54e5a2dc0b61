package org.consentledger.security;

import org.springframework.http.HttpStatus;

/**
 * A request a service refuses, answered as an RFC 9457 problem body with this status and a
 * machine-readable {@code code} ({@link Problems#problem}); the message is the detail a caller can act on.
 */
public class Refusal extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public Refusal(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
