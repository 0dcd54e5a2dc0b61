package org.consentledger.ledger.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /**
     * The consent ids each app was granted, for the claims that name no consent: only an app's own
     * consents can apply to a claim it sends or receives. Derived from {@code consents}, so not in a
     * snapshot: built at the first such claim.
     */
    private transient Map<String, Set<String>> idsByController;

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
        if (idsByController != null) {
            index(granted);
        }
    }

    private void index(Consent consent) {
        idsByController.computeIfAbsent(consent.controller(), controller -> new HashSet<>()).add(consent.id());
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

    /** The coverage rule over the grants that can matter: the named consent's, or those given to the claim's apps. */
    public ConsentCoverage.Outcome check(Claim claim) {
        return ConsentCoverage.check(claim.consentId() != null
                ? consents.getOrDefault(claim.consentId(), List.of()) : grantedTo(claim.receiver(), claim.sender()), claim);
    }

    /** Every grant of the consents given to either app (the sender is null for a collection). */
    private List<Consent> grantedTo(String receiver, String sender) {
        if (idsByController == null) {
            idsByController = new HashMap<>();
            consents.values().forEach(versions -> versions.forEach(this::index));
        }
        Set<String> ids = new HashSet<>(idsByController.getOrDefault(receiver, Set.of()));
        if (sender != null) {
            ids.addAll(idsByController.getOrDefault(sender, Set.of()));
        }
        List<Consent> grants = new ArrayList<>();
        ids.forEach(id -> grants.addAll(consents.get(id)));
        return grants;
    }
}
