package org.consentledger.ledger.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * Who holds unerased copies of the subject's data, per category, and on which consents those copies
 * rest: what a transfer may pass on, and what the copies it makes rest on. A holder's copies of a
 * category are only ever passed on or erased together, so one set of consents per holder and
 * category says all the rules need: the union of what each copy rests on.
 */
@SnapshotState
public final class CopiesHeld {

    /** Per holder and category, the consents the unerased copies rest on. */
    private final Map<String, Map<String, Set<String>>> holdings = new HashMap<>();

    public CopiesHeld() {
    }

    private CopiesHeld(CopiesHeld other) {
        other.holdings.forEach((holder, held) -> {
            Map<String, Set<String>> copy = new HashMap<>();
            held.forEach((category, consents) -> copy.put(category, new HashSet<>(consents)));
            holdings.put(holder, copy);
        });
    }

    /** An independent copy. */
    public CopiesHeld copy() {
        return new CopiesHeld(this);
    }

    /**
     * Whether the holder has an unerased copy covering the category (its own or a parent's); adds
     * what those copies rest on.
     */
    public boolean sources(String holder, String category, Set<String> restsOn) {
        Map<String, Set<String>> held = holdings.getOrDefault(holder, Map.of());
        boolean found = false;
        for (String c = category; c != null; c = Vocabulary.parentOf(c)) {
            Set<String> consents = held.get(c);
            if (consents != null) {
                found = true;
                restsOn.addAll(consents);
            }
        }
        return found;
    }

    public void hold(String holder, Collection<String> categories, Collection<String> restsOn) {
        Map<String, Set<String>> held = holdings.computeIfAbsent(Shared.name(holder), h -> new HashMap<>());
        categories.forEach(category -> held.computeIfAbsent(Shared.name(category), c -> new HashSet<>()).addAll(restsOn));
    }

    /** Erased copies can no longer be passed on: they are dropped (a parent category erases its children). */
    public void erase(String holder, boolean everything, Collection<String> categories) {
        Map<String, Set<String>> held = holdings.get(holder);
        if (held != null) {
            held.keySet().removeIf(category -> everything
                    || categories.stream().anyMatch(c -> Vocabulary.covers(c, category)));
        }
    }
}
