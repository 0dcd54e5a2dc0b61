package org.consentledger.ledger.rules;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * Who holds unerased copies of the subject's data, per category, and on which consents each copy
 * rests: what a transfer may pass on, and what the copies it makes rest on.
 */
@SnapshotState
public final class CopiesHeld {

    /** Per holder and category, the distinct sets of consents the unerased copies rest on. */
    private final Map<String, Map<String, Set<Set<String>>>> holdings = new HashMap<>();

    public CopiesHeld() {
    }

    private CopiesHeld(CopiesHeld other) {
        other.holdings.forEach((holder, held) -> {
            Map<String, Set<Set<String>>> copy = new HashMap<>();
            held.forEach((category, copies) -> copy.put(category, new LinkedHashSet<>(copies)));
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
        Map<String, Set<Set<String>>> held = holdings.getOrDefault(holder, Map.of());
        boolean found = false;
        for (String c = category; c != null; c = Vocabulary.parentOf(c)) {
            Set<Set<String>> copies = held.get(c);
            if (copies != null && !copies.isEmpty()) {
                found = true;
                copies.forEach(restsOn::addAll);
            }
        }
        return found;
    }

    public void hold(String holder, Collection<String> categories, Collection<String> restsOn) {
        Set<String> consents = Set.copyOf(restsOn);
        Map<String, Set<Set<String>>> held = holdings.computeIfAbsent(holder, h -> new HashMap<>());
        categories.forEach(category -> held.computeIfAbsent(category, c -> new LinkedHashSet<>()).add(consents));
    }

    /** Erased copies can no longer be passed on: they are dropped (a parent category erases its children). */
    public void erase(String holder, boolean everything, Collection<String> categories) {
        Map<String, Set<Set<String>>> held = holdings.get(holder);
        if (held != null) {
            held.keySet().removeIf(category -> everything
                    || categories.stream().anyMatch(c -> Vocabulary.covers(c, category)));
        }
    }
}
