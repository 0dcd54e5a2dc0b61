package org.consentledger.contracts.verdict;

import java.util.List;

/**
 * The ledger's judgement of one collection, transfer or receipt at its own time: the violations
 * (none: valid) and the consents the resulting holdings rest on, directly or down a transfer chain.
 * A withdrawal of any of those consents makes the holdings due for erasure.
 */
public record Verdict(List<ViolationCode> violations, List<String> restsOn) {

    public static final Verdict VALID = new Verdict(List.of(), List.of());

    public Verdict {
        violations = violations == null ? List.of() : List.copyOf(violations);
        restsOn = restsOn == null ? List.of() : List.copyOf(restsOn);
    }

    public boolean flagged() {
        return !violations.isEmpty();
    }
}
