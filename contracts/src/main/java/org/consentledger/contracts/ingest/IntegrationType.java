package org.consentledger.contracts.ingest;

import java.util.Arrays;
import java.util.Optional;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.consent.ConsentWithdrawn;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataErased;
import org.consentledger.contracts.dataflow.DataReceived;
import org.consentledger.contracts.dataflow.DataTransferred;

/** The CloudEvent types apps send, the record their {@code data} maps to, and its JSON Schema. */
public enum IntegrationType {
    CONSENT_GRANTED("org.consentledger.consent.granted.v1", ConsentGranted.class),
    CONSENT_WITHDRAWN("org.consentledger.consent.withdrawn.v1", ConsentWithdrawn.class),
    DATA_COLLECTED("org.consentledger.data.collected.v1", DataCollected.class),
    DATA_TRANSFERRED("org.consentledger.data.transferred.v1", DataTransferred.class),
    DATA_RECEIVED("org.consentledger.data.received.v1", DataReceived.class),
    DATA_ERASED("org.consentledger.data.erased.v1", DataErased.class);

    /** Classpath location of the schema every CloudEvent envelope must satisfy. */
    public static final String ENVELOPE_SCHEMA = "/schemas/cloudevent.schema.json";

    private final String type;
    private final Class<?> dataClass;

    IntegrationType(String type, Class<?> dataClass) {
        this.type = type;
        this.dataClass = dataClass;
    }

    public String type() {
        return type;
    }

    public Class<?> dataClass() {
        return dataClass;
    }

    /** Classpath location of the JSON Schema of this type's {@code data}. */
    public String dataSchema() {
        return "/schemas/" + type + ".schema.json";
    }

    public static Optional<IntegrationType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
