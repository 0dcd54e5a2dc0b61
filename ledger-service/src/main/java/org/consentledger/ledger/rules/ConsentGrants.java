package org.consentledger.ledger.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.consent.ConsentGranted;

/**
 * A subject's consent grants and withdrawals, as the coverage rule needs them. A second grant with
 * the same id renews the consent from its time on: each claim is judged against the latest grant
 * given by then ({@link ConsentCoverage}). A withdrawal ends every grant of the id, whenever it was
 * reported, even one that happened before the grant.
 */
@SnapshotState
public final class ConsentGrants {

    /** Every grant of each consent id, in the order they happened: a renewal under the same id is a new version. */
    private final Map<String, List<Consent>> consents = new HashMap<>();
    /** The earliest withdrawal of each consent id, kept for a grant reported after its withdrawal. */
    private final Map<String, Instant> withdrawals = new HashMap<>();

    public ConsentGrants() {
    }

    private ConsentGrants(ConsentGrants other) {
        other.consents.forEach((id, grants) -> consents.put(id, new ArrayList<>(grants)));
        withdrawals.putAll(other.withdrawals);
    }

    /** An independent copy. */
    public ConsentGrants copy() {
        return new ConsentGrants(this);
    }

    public void grant(String controller, Instant at, ConsentGranted grant) {
        Consent granted = Consent.granted(controller, at, grant);
        Instant withdrawn = withdrawals.get(grant.consentId());
        consents.computeIfAbsent(grant.consentId(), id -> new ArrayList<>(1))
                .add(withdrawn == null ? granted : granted.withdrawnAt(withdrawn));
    }

    public void withdraw(String consentId, Instant at) {
        withdrawals.merge(consentId, at, (old, neu) -> old.isBefore(neu) ? old : neu);
        List<Consent> grants = consents.get(consentId);
        if (grants != null) {
            grants.replaceAll(c -> c.withdrawnAt(at));
        }
    }

    /** Whether a consent with this id was granted. */
    public boolean knows(String consentId) {
        return consents.containsKey(consentId);
    }

    /** The coverage rule over the grants that can matter: the named consent's, or every one. */
    public ConsentCoverage.Outcome check(Claim claim) {
        List<Consent> grants;
        if (claim.consentId() != null) {
            grants = consents.getOrDefault(claim.consentId(), List.of());
        } else {
            grants = new ArrayList<>(consents.size());
            consents.values().forEach(grants::addAll);
        }
        return ConsentCoverage.check(grants, claim);
    }
}
