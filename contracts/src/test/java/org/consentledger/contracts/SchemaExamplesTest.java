package org.consentledger.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import org.consentledger.contracts.ingest.IntegrationType;
import org.consentledger.contracts.ingest.LedgerJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bundled JSON Schemas accept the documented examples and refuse what DESIGN.md forbids. */
class SchemaExamplesTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final ObjectMapper json = LedgerJson.mapper();

    @ParameterizedTest
    @EnumSource(IntegrationType.class)
    void exampleOfEachTypeSatisfiesEnvelopeAndDataSchema(IntegrationType type) throws IOException {
        JsonNode event = example(type);
        assertThat(event.get("type").asText()).isEqualTo(type.type());
        assertThat(schema(IntegrationType.ENVELOPE_SCHEMA).validate(event)).isEmpty();
        assertThat(schema(type.dataSchema()).validate(event.get("data"))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(IntegrationType.class)
    void exampleDataMapsToItsRecordAndBackWithoutLoss(IntegrationType type) throws IOException {
        JsonNode data = example(type).get("data");
        Object record = json.treeToValue(data, type.dataClass());
        JsonNode back = json.valueToTree(record);
        assertThat(back).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(value = IntegrationType.class, names = {"CONSENT_GRANTED", "DATA_COLLECTED", "DATA_TRANSFERRED"})
    void dataWithoutPurposesIsRefused(IntegrationType type) throws IOException {
        ObjectNode data = (ObjectNode) example(type).get("data");
        data.remove("purposes");
        assertThat(schema(type.dataSchema()).validate(data)).extracting(m -> m.getType()).contains("required");
    }

    @Test
    void envelopeRefusesASourceOutsideApps() throws IOException {
        ObjectNode event = (ObjectNode) example(IntegrationType.DATA_ERASED);
        event.put("source", "https://example.org/somewhere");
        assertThat(schema(IntegrationType.ENVELOPE_SCHEMA).validate(event)).isNotEmpty();
    }

    @Test
    void collectionRefusesARetentionThatIsNotAnIsoDuration() throws IOException {
        ObjectNode data = (ObjectNode) example(IntegrationType.DATA_COLLECTED).get("data");
        data.put("retention", "90 days");
        assertThat(schema(IntegrationType.DATA_COLLECTED.dataSchema()).validate(data)).isNotEmpty();
        data.put("retention", "P1Y6MT12H");
        assertThat(schema(IntegrationType.DATA_COLLECTED.dataSchema()).validate(data)).isEmpty();
    }

    private JsonNode example(IntegrationType type) throws IOException {
        String name = type.type().replace("org.consentledger.", "").replace(".v1", "");
        try (InputStream in = getClass().getResourceAsStream("/examples/" + name + ".json")) {
            return json.readTree(in);
        }
    }

    private static JsonSchema schema(String resource) {
        return FACTORY.getSchema(IntegrationType.class.getResourceAsStream(resource), CONFIG);
    }
}
