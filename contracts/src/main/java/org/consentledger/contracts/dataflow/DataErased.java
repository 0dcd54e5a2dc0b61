package org.consentledger.contracts.dataflow;

import java.util.List;

/** {@code data} of {@code org.consentledger.data.erased.v1}; no categories means everything the app holds. */
public record DataErased(List<String> categories) {

    public DataErased {
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    public boolean erasesEverything() {
        return categories.isEmpty();
    }
}
