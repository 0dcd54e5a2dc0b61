package org.consentledger.storage.sealing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Which stored payload types are sealed: those of the given classes (and their subtypes). */
public final class SealedTypes implements Predicate<String> {

    private final List<Class<?>> sealed;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();
    private final ClassValue<Boolean> byClass = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return sealed.stream().anyMatch(s -> s.isAssignableFrom(type));
        }
    };

    private SealedTypes(List<Class<?>> sealed) {
        this.sealed = sealed;
    }

    public static SealedTypes of(Class<?>... sealed) {
        return new SealedTypes(List.of(sealed));
    }

    @Override
    public boolean test(String typeName) {
        return known.computeIfAbsent(typeName, this::isSealed);
    }

    public boolean test(Class<?> type) {
        return byClass.get(type);
    }

    private boolean isSealed(String typeName) {
        try {
            return test(Class.forName(typeName, false, SealedTypes.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
