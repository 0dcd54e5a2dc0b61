package org.consentledger.ledger.rules;

import java.util.List;

/**
 * App ids and vocabulary terms (categories, purposes, legal bases), which every subject's state
 * repeats: kept once for all subjects rather than once per report, so that every active subject fits
 * the cache. Unused ones are still collected: the JVM's string table holds them weakly.
 */
final class Shared {

    private Shared() {
    }

    static String name(String name) {
        return name == null ? null : name.intern();
    }

    static List<String> names(List<String> names) {
        return names == null ? null : names.stream().map(String::intern).toList();
    }
}
