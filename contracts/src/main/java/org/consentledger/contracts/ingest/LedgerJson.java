package org.consentledger.contracts.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/** The one JSON configuration for integration messages and stored ledger events, used by both services. */
public final class LedgerJson {

    private LedgerJson() {
    }

    /** RFC 3339 times, absent fields left out, unknown fields tolerated (apps may send newer minor versions). */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Axon's serializer for events, snapshots, tokens and messages: JSON, so the store stays readable. */
    public static Serializer axonSerializer() {
        return JacksonSerializer.builder().objectMapper(mapper()).build();
    }
}
