package org.consentledger.contracts.vocabulary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bundled vocabularies: legal bases (GDPR Art. 6(1), 9(2)), DPV purposes, and the dotted
 * category taxonomy in which a parent covers its children. Loaded once from {@code /vocabulary}.
 */
public final class Vocabulary {

    private static final Pattern OPERATOR_PURPOSE = Pattern.compile("x:[A-Za-z][A-Za-z0-9_-]*");
    private static final Vocabulary BUNDLED = load();

    private final Map<String, String> legalBases;
    private final Set<String> purposes;
    private final Map<String, Boolean> categories;

    private Vocabulary(Map<String, String> legalBases, Set<String> purposes, Map<String, Boolean> categories) {
        this.legalBases = Map.copyOf(legalBases);
        this.purposes = Set.copyOf(purposes);
        this.categories = Map.copyOf(categories);
    }

    public static Vocabulary bundled() {
        return BUNDLED;
    }

    public boolean isLegalBasis(String code) {
        return legalBases.containsKey(code);
    }

    /** Human-readable name of a legal basis, e.g. "GDPR Art. 6(1)(a): the person's consent". */
    public String describeLegalBasis(String code) {
        return legalBases.getOrDefault(code, code);
    }

    public boolean isPurpose(String purpose) {
        return purposes.contains(purpose) || OPERATOR_PURPOSE.matcher(purpose).matches();
    }

    public boolean isCategory(String category) {
        return categories.containsKey(category);
    }

    /** Art. 9 special category data: the category or one of its ancestors is marked special. */
    public boolean isSpecialCategory(String category) {
        for (String c = category; c != null; c = parentOf(c)) {
            if (categories.getOrDefault(c, false)) {
                return true;
            }
        }
        return false;
    }

    /** A category covers itself and every descendant: {@code user.contact} covers {@code user.contact.email}. */
    public static boolean covers(String granted, String requested) {
        return requested.equals(granted) || requested.startsWith(granted + ".");
    }

    /** The category one level up ({@code user.contact} for {@code user.contact.email}), or null at the top. */
    public static String parentOf(String category) {
        int dot = category.lastIndexOf('.');
        return dot < 0 ? null : category.substring(0, dot);
    }

    private static Vocabulary load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> legalBases = new LinkedHashMap<>();
        read(json, "legal-bases.json").fields().forEachRemaining(e -> legalBases.put(e.getKey(), e.getValue().asText()));
        Set<String> purposes = new HashSet<>();
        read(json, "purposes.json").get("purposes").forEach(p -> purposes.add(p.asText()));
        Map<String, Boolean> categories = new LinkedHashMap<>();
        read(json, "categories.json").get("categories")
                .forEach(c -> categories.put(c.get("id").asText(), c.path("specialCategory").asBoolean(false)));
        return new Vocabulary(legalBases, purposes, categories);
    }

    private static JsonNode read(ObjectMapper json, String file) {
        try (InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary/" + file)) {
            if (in == null) {
                throw new IllegalStateException("vocabulary file missing from the classpath: " + file);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
