package org.consentledger.query.web;

/** Something the request names that the ledger does not know, answered as a 404 problem body carrying {@code code}. */
public class NotFoundException extends RuntimeException {

    private final String code;

    public NotFoundException(String code, String detail) {
        super(detail);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
