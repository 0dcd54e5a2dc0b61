package org.consentledger.ledger.web;

/** A request the API refuses, answered as a 400 problem body carrying {@code code}. */
public class BadRequestException extends RuntimeException {

    private final String code;

    public BadRequestException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
