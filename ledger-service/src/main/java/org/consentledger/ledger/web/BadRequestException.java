package org.consentledger.ledger.web;

import org.consentledger.security.Refusal;
import org.springframework.http.HttpStatus;

/** A request the API refuses, answered as a 400 problem body carrying {@code code}. */
public class BadRequestException extends Refusal {

    public BadRequestException(String code, String detail) {
        super(HttpStatus.BAD_REQUEST, code, detail);
    }
}
