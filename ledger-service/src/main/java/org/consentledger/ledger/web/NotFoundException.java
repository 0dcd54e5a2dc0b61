package org.consentledger.ledger.web;

import org.consentledger.security.Refusal;
import org.springframework.http.HttpStatus;

/** A request about something the ledger does not know, answered as a 404 problem body carrying {@code code}. */
public class NotFoundException extends Refusal {

    public NotFoundException(String code, String detail) {
        super(HttpStatus.NOT_FOUND, code, detail);
    }
}
