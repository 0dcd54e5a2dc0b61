package org.consentledger.ledger.platform;

import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** State that lives exactly as long as the current Spring transaction, or for one call outside any. */
final class TransactionResources {

    private TransactionResources() {
    }

    @SuppressWarnings("unchecked")
    static <T> T bound(Object key, Supplier<T> fresh) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return fresh.get();
        }
        T resource = (T) TransactionSynchronizationManager.getResource(key);
        if (resource == null) {
            resource = fresh.get();
            TransactionSynchronizationManager.bindResource(key, resource);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResource(key);
                }
            });
        }
        return resource;
    }
}
