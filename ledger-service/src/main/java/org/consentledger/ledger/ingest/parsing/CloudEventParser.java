package org.consentledger.ledger.ingest.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.consentledger.contracts.consent.ConsentGranted;
import org.consentledger.contracts.dataflow.DataCollected;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.dataflow.Retention;
import org.consentledger.contracts.ingest.IntegrationType;
import org.consentledger.contracts.ingest.LedgerJson;
import org.consentledger.contracts.ingest.LedgerText;
import org.consentledger.contracts.ingest.LedgerTimes;
import org.consentledger.contracts.ingest.Origin;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.contracts.vocabulary.Vocabulary;

/**
 * Turns a raw integration message into an {@link AcceptedEvent}, or refuses it with an
 * {@link InvalidEventException} naming the first thing wrong. Structure is checked against the
 * bundled JSON Schemas (the same files apps in other languages validate with: they bound every
 * string and give ids a character set REST paths can address), vocabulary, registration and what
 * PostgreSQL can store in code: strings without control characters or unpaired surrogates
 * ({@link LedgerText}), times the ledger holds ({@link LedgerTimes}).
 */
public class CloudEventParser {

    private static final String SOURCE_PREFIX = "/apps/";

    private final ObjectMapper json = LedgerJson.mapper();
    /** Strict: one JSON value and nothing after it. */
    private final ObjectReader strictJson = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Vocabulary vocabulary = Vocabulary.bundled();
    private final JsonSchema envelopeSchema;
    private final Map<IntegrationType, JsonSchema> dataSchemas = new EnumMap<>(IntegrationType.class);
    private final Clock clock;
    private final int maxMessageBytes;
    private final Duration maxClockSkew;

    public CloudEventParser(Clock clock, int maxMessageBytes, Duration maxClockSkew) {
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.maxClockSkew = maxClockSkew;
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.envelopeSchema = load(factory, config, IntegrationType.ENVELOPE_SCHEMA);
        for (IntegrationType type : IntegrationType.values()) {
            dataSchemas.put(type, load(factory, config, type.dataSchema()));
        }
    }

    /**
     * @param registeredApps the registered apps and their countries (ISO 3166 alpha-2)
     * @param sender         the app the transport proves sent the message (its topic, or its token)
     * @throws InvalidEventException when the message is refused
     */
    public AcceptedEvent parse(RawMessage message, Map<String, String> registeredApps, String sender) {
        byte[] body = message.body() == null ? new byte[0] : message.body();
        if (body.length > maxMessageBytes) {
            throw new InvalidEventException(ErrorCode.MESSAGE_TOO_LARGE,
                    "message has " + body.length + " bytes, the limit is " + maxMessageBytes);
        }
        JsonNode envelope = message.isBinaryMode()
                ? binaryEnvelope(message.binaryAttributes(), readJson(body))
                : readJson(body);
        requireStorable(envelope, "$");
        check(envelopeSchema, envelope, "");
        String app = envelope.get("source").asText().substring(SOURCE_PREFIX.length());
        if (!app.equals(sender)) {
            throw new InvalidEventException(ErrorCode.SOURCE_MISMATCH, "source /apps/" + app
                    + " names another app than the one that sent it, " + sender);
        }
        String typeName = envelope.get("type").asText();
        IntegrationType type = IntegrationType.of(typeName).orElseThrow(() -> new InvalidEventException(
                ErrorCode.UNKNOWN_TYPE, "type '" + typeName + "' is not one of " + knownTypes()));
        JsonNode data = envelope.get("data");
        check(dataSchemas.get(type), data, "data");
        checkVocabulary(data);

        if (!registeredApps.containsKey(app)) {
            throw new InvalidEventException(ErrorCode.UNREGISTERED_SOURCE,
                    "app '" + app + "' is not registered: PUT /api/v1/apps/" + app + " first");
        }
        String subject = envelope.get("subject").asText();
        if (subject.contains("@")) {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD,
                    "subject must be a pseudonymous id, not an e-mail address");
        }
        Instant now = clock.instant();
        Instant time = instant("time", envelope.get("time").asText());
        if (time.isAfter(now.plus(maxClockSkew))) {
            throw new InvalidEventException(ErrorCode.TIME_IN_FUTURE, "$.time: " + time + " is more than " + maxClockSkew
                    + " after the ledger's clock (" + now + ")");
        }
        Origin origin = new Origin(app, envelope.get("id").asText(), time, now);
        Object record = toRecord(type, data);
        checkTimes(record, time);
        return new AcceptedEvent(type, subject, origin, record, recipientFacts(record, registeredApps));
    }

    private JsonNode readJson(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(ErrorCode.NOT_UTF8, "the message body is not valid UTF-8");
        }
        try {
            JsonNode node = strictJson.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException(ErrorCode.NOT_JSON, "the message body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(ErrorCode.NOT_JSON,
                    "the message body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private ObjectNode binaryEnvelope(Map<String, String> attributes, JsonNode data) {
        ObjectNode envelope = json.createObjectNode();
        attributes.forEach(envelope::put);
        envelope.set("data", data);
        return envelope;
    }

    private static void check(JsonSchema schema, JsonNode node, String where) {
        Set<ValidationMessage> errors = schema.validate(node);
        if (errors.isEmpty()) {
            return;
        }
        ValidationMessage first = errors.stream()
                .min(Comparator.comparing((ValidationMessage m) -> !"required".equals(m.getType()))
                        .thenComparing(ValidationMessage::getMessage))
                .orElseThrow();
        ErrorCode code = "required".equals(first.getType()) ? ErrorCode.MISSING_FIELD : ErrorCode.INVALID_FIELD;
        String location = first.getInstanceLocation().toString().replaceFirst("^\\$", where.isEmpty() ? "$" : "$." + where);
        throw new InvalidEventException(code, location + ": " + first.getError());
    }

    private void checkVocabulary(JsonNode data) {
        for (JsonNode purpose : data.path("purposes")) {
            if (!vocabulary.isPurpose(purpose.asText())) {
                throw new InvalidEventException(ErrorCode.UNKNOWN_VOCABULARY, "purpose '" + purpose.asText()
                        + "' is not a bundled DPV purpose; an operator's own purposes use the x: prefix");
            }
        }
        for (JsonNode category : data.path("categories")) {
            if (!vocabulary.isCategory(category.asText())) {
                throw new InvalidEventException(ErrorCode.UNKNOWN_VOCABULARY,
                        "category '" + category.asText() + "' is not in the bundled category taxonomy");
            }
        }
        JsonNode legalBasis = data.path("legalBasis");
        if (!legalBasis.isMissingNode() && !vocabulary.isLegalBasis(legalBasis.asText())) {
            throw new InvalidEventException(ErrorCode.UNKNOWN_VOCABULARY,
                    "legal basis '" + legalBasis.asText() + "' is not a GDPR Art. 6(1) or 9(2) code");
        }
        JsonNode country = data.path("recipientCountry");
        if (!country.isMissingNode() && !Countries.isCountry(country.asText())) {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD,
                    "$.data.recipientCountry: '" + country.asText() + "' is not an ISO 3166 alpha-2 country code");
        }
    }

    private Object toRecord(IntegrationType type, JsonNode data) {
        try {
            return json.treeToValue(data, type.dataClass());
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD, "data: " + e.getOriginalMessage());
        }
    }

    /** Times inside {@code data}: a consent's expiry, and the end of a collection's retention. */
    private static void checkTimes(Object record, Instant time) {
        if (record instanceof ConsentGranted grant && grant.expiresAt() != null) {
            inRange("$.data.expiresAt", grant.expiresAt());
        }
        if (record instanceof DataCollected collection && collection.retention() != null) {
            try {
                inRange("$.data.retention (its end)", Retention.end(time, collection.retention()));
            } catch (DateTimeException | ArithmeticException e) {
                throw new InvalidEventException(ErrorCode.INVALID_FIELD, "$.data.retention: '" + collection.retention()
                        + "' ends beyond the times the ledger can hold (years 1000-9999)");
            }
        }
    }

    /** @throws InvalidEventException naming the first string, names and values at any depth, the ledger cannot hold */
    private static void requireStorable(JsonNode node, String path) {
        if (node.isTextual()) {
            requireStorable(node.textValue(), path);
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                requireStorable(field.getKey(), path + " (a member name)");
                requireStorable(field.getValue(), path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireStorable(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void requireStorable(String text, String path) {
        LedgerText.problem(text, path).ifPresent(detail -> {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD, detail);
        });
    }

    private static Instant inRange(String field, Instant instant) {
        if (!LedgerTimes.holds(instant)) {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD, field + ": " + instant
                    + " is outside the years 1000-9999 (UTC) the ledger can hold");
        }
        return instant;
    }

    /** What the ledger knows about a transfer's recipient now; the rules judge it as of the transfer. */
    private static RecipientFacts recipientFacts(Object record, Map<String, String> registeredApps) {
        if (!(record instanceof DataTransferred transfer)) {
            return null;
        }
        String registeredCountry = registeredApps.get(transfer.recipient());
        String country = transfer.recipientCountry() != null ? transfer.recipientCountry() : registeredCountry;
        return new RecipientFacts(registeredApps.containsKey(transfer.recipient()), country);
    }

    private static Instant instant(String field, String text) {
        try {
            return inRange("$." + field, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(ErrorCode.INVALID_FIELD,
                    "$." + field + ": '" + text + "' is not an RFC 3339 date-time");
        }
    }

    private static String knownTypes() {
        return java.util.Arrays.stream(IntegrationType.values()).map(IntegrationType::type).toList().toString();
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String resource) {
        try (InputStream in = IntegrationType.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema missing from the classpath: " + resource);
            }
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
