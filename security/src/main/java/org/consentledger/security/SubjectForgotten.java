package org.consentledger.security;

import org.springframework.http.HttpStatus;

/** A request about a subject the ledger has forgotten (and not heard of since): 410 {@code SUBJECT_FORGOTTEN}. */
public class SubjectForgotten extends Refusal {

    public SubjectForgotten() {
        super(HttpStatus.GONE, "SUBJECT_FORGOTTEN", "this subject's record was erased at their request;"
                + " the ledger holds nothing about them until it is told of them again");
    }
}
