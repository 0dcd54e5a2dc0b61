package org.consentledger.ledger.erasure;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A person's right to be forgotten (GDPR Art. 17), asked by the person or by an admin for them. */
@RestController
class ErasureController {

    record Erasure(String subject, String status) {
    }

    private final SubjectErasure erasure;

    ErasureController(SubjectErasure erasure) {
        this.erasure = erasure;
    }

    @Operation(summary = "Forget a subject (admin, or the subject with its own token)",
            description = "Deletes the subject's key: its stored events stay (the tamper-evident log keeps verifying)"
                    + " but can no longer be read. Within 30 s its rows are gone from every table, its endpoints answer"
                    + " 410 SUBJECT_FORGOTTEN, and a new report about it starts a new record.")
    @PostMapping("/api/v1/subjects/{subject}/erasure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Erasure forget(@PathVariable String subject) {
        erasure.forget(subject);
        return new Erasure(subject, "forgetting");
    }
}
