package org.consentledger.ledger.ingest.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.dataflow.DataTransferred;
import org.consentledger.contracts.dataflow.RecipientFacts;
import org.consentledger.contracts.dataflow.RecordTransferCommand;
import org.consentledger.contracts.ingest.IntegrationType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudEventParserTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Map<String, String> REGISTERED = Map.of("weconnect", "DE", "foodgo", "NL");

    private final CloudEventParser parser = new CloudEventParser(Clock.fixed(NOW, ZoneOffset.UTC), 4096,
            Duration.ofMinutes(5));

    private static final String TRANSFER = """
            {"specversion":"1.0","id":"e-4","source":"/apps/weconnect","type":"org.consentledger.data.transferred.v1",
             "subject":"s-1","time":"2026-01-11T12:00:00+02:00",
             "data":{"transferId":"t-9","recipient":"adnet","categories":["user.contact.email"],
                     "purposes":["dpv:Advertising"],"legalBasis":"A6-1-a","recipientCountry":"US"}}""";

    /** Parses a message as sent by the app its source names (or weconnect's when it names none). */
    private AcceptedEvent parse(String body) {
        java.util.regex.Matcher source = java.util.regex.Pattern.compile("\"/apps/([^\"]+)\"").matcher(body);
        return parser.parse(new RawMessage(body.getBytes(StandardCharsets.UTF_8), Map.of()), REGISTERED,
                source.find() ? source.group(1) : "weconnect");
    }

    private static void refused(Runnable parse, ErrorCode code, String detailFragment) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.error()).isEqualTo(code))
                .hasMessageContaining(detailFragment);
    }

    @Test
    void validStructuredEventBecomesACommandForItsSubject() {
        AcceptedEvent event = parse(TRANSFER);

        assertThat(event.type()).isEqualTo(IntegrationType.DATA_TRANSFERRED);
        assertThat(event.subject()).isEqualTo("s-1");
        assertThat(event.origin().app()).isEqualTo("weconnect");
        assertThat(event.origin().messageId()).isEqualTo("e-4");
        assertThat(event.origin().time()).isEqualTo(Instant.parse("2026-01-11T10:00:00Z"));
        assertThat(event.origin().recordedAt()).isEqualTo(NOW);
        assertThat(event.toCommand()).isEqualTo(new RecordTransferCommand("s-1", event.origin(), new DataTransferred(
                "t-9", "adnet", List.of("user.contact.email"), List.of("dpv:Advertising"), "A6-1-a", null, "US", null),
                new RecipientFacts(false, "US")));
    }

    @Test
    void binaryModeTakesAttributesFromHeadersAndDataFromTheBody() {
        Map<String, String> headers = Map.of("specversion", "1.0", "id", "e-7", "source", "/apps/foodgo",
                "type", "org.consentledger.data.received.v1", "subject", "s-1", "time", "2026-01-11T10:01:00Z");
        AcceptedEvent event = parser.parse(new RawMessage(
                "{\"transferId\":\"t-9\",\"sender\":\"weconnect\"}".getBytes(StandardCharsets.UTF_8), headers),
                REGISTERED, "foodgo");

        assertThat(event.type()).isEqualTo(IntegrationType.DATA_RECEIVED);
        assertThat(event.origin().app()).isEqualTo("foodgo");
    }

    @Test
    void aSourceNamingAnotherAppThanTheSenderIsRefused() {
        refused(() -> parser.parse(new RawMessage(TRANSFER.getBytes(StandardCharsets.UTF_8), Map.of()), REGISTERED,
                "foodgo"), ErrorCode.SOURCE_MISMATCH, "foodgo");
    }

    @Test
    void notJsonIsRefused() {
        refused(() -> parse("{\"specversion\": \"1.0\", not json"), ErrorCode.NOT_JSON, "not valid JSON");
        refused(() -> parse("[1,2]"), ErrorCode.NOT_JSON, "not a JSON object");
        refused(() -> parse(""), ErrorCode.NOT_JSON, "JSON");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] latin1 = "{\"id\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        refused(() -> parser.parse(new RawMessage(latin1, Map.of()), REGISTERED, "weconnect"), ErrorCode.NOT_UTF8, "UTF-8");
    }

    @Test
    void eventFromTheFutureBeyondTheClockSkewIsRefused() {
        refused(() -> parse(TRANSFER.replace("2026-01-11T12:00:00+02:00", "2026-06-01T00:06:00Z")),
                ErrorCode.TIME_IN_FUTURE, "PT5M");
        assertThat(parse(TRANSFER.replace("2026-01-11T12:00:00+02:00", "2026-06-01T00:04:00Z")).origin().time())
                .isEqualTo(Instant.parse("2026-06-01T00:04:00Z"));
    }

    @Test
    void oversizedMessageIsRefusedBeforeParsing() {
        refused(() -> parse(" ".repeat(5000)), ErrorCode.MESSAGE_TOO_LARGE, "limit is 4096");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"subject\":\"s-1\",|                       MISSING_FIELD|      subject",
        "\"transferId\":\"t-9\",|                    MISSING_FIELD|      transferId",
        "\"org.consentledger.data.transferred.v1\"|  UNKNOWN_TYPE|       org.consentledger.data.copied.v1",
        "\"dpv:Advertising\"|                        UNKNOWN_VOCABULARY| purpose",
        "\"user.contact.email\"|                     UNKNOWN_VOCABULARY| category",
        "\"/apps/weconnect\"|                        UNREGISTERED_SOURCE|stranger",
        "\"2026-01-11T12:00:00+02:00\"|              INVALID_FIELD|      time",
        "\"US\"|                                     INVALID_FIELD|      recipientCountry",
        "\"s-1\"|                                    INVALID_FIELD|      pseudonymous",
    })
    void eachKindOfBadInputGetsItsCode(String original, ErrorCode code, String detail) {
        String replacement = switch (code) {
            case MISSING_FIELD -> "";
            case UNKNOWN_TYPE -> "\"org.consentledger.data.copied.v1\"";
            case UNKNOWN_VOCABULARY -> original.contains("dpv") ? "\"dpv:MindReading\"" : "\"user.soul\"";
            case UNREGISTERED_SOURCE -> "\"/apps/stranger\"";
            default -> original.contains("US") ? "\"XX\"" : original.contains("s-1") ? "\"anna@example.org\"" : "\"tomorrow\"";
        };
        assertThat(TRANSFER).contains(original);
        refused(() -> parse(TRANSFER.replace(original, replacement)), code, detail);
    }

    private static final String GRANT = """
            {"specversion":"1.0","id":"e-1","source":"/apps/weconnect","type":"org.consentledger.consent.granted.v1",
             "subject":"s-1","time":"2026-01-10T12:00:00Z",
             "data":{"consentId":"c-1","purposes":["dpv:ServiceProvision"],"categories":["user.contact.email"],
                     "legalBasis":"A6-1-a","notice":{"url":"https://weconnect.example/privacy","version":"v1"},
                     "expiresAt":"2027-01-10T12:00:00Z"}}""";

    private static final String COLLECTION = """
            {"specversion":"1.0","id":"e-2","source":"/apps/weconnect","type":"org.consentledger.data.collected.v1",
             "subject":"s-1","time":"2026-01-10T12:00:00Z",
             "data":{"categories":["user.contact.email"],"purposes":["dpv:ServiceProvision"],"legalBasis":"A6-1-a",
                     "method":"provided","retention":"P90D"}}""";

    /** What PostgreSQL or a view cannot store is refused at the door, in any field it may hide in. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRANSFER|   \"e-4\"|                        \"e-\\u00004\"|                 control character U+0000",
        "TRANSFER|   \"s-1\"|                        \"s-\\u00001\"|                 control character U+0000",
        "TRANSFER|   \"t-9\"|                        \"t\\u0000\"|                   control character U+0000",
        "GRANT|      \"c-1\"|                        \"c\\u0000\"|                   control character U+0000",
        "TRANSFER|   \"e-4\"|                        \"e\\ud800z\"|                  unpaired surrogate U+D800",
        "TRANSFER|   \"s-1\"|                        \"x\\udbffz\"|                  unpaired surrogate U+DBFF",
        "TRANSFER|   \"s-1\"|                        \"x\\udc00\"|                   unpaired surrogate U+DC00",
        "TRANSFER|   \"s-1\"|                        \"s\\n1\"|                      control character U+000A",
        "TRANSFER|   \"s-1\"|                        \"s\\u00851\"|                  control character U+0085",
        "TRANSFER|   \"s-1\"|                        \"a/b\"|                         subject",
        "TRANSFER|   \"s-1\"|                        \"a\\\\b\"|                      subject",
        "TRANSFER|   \"s-1\"|                        \"..\"|                          subject",
        "TRANSFER|   \"e-4\"|                        \"e 4\"|                         id",
        "TRANSFER|   \"t-9\"|                        \"t?9\"|                         transferId",
        "GRANT|      \"c-1\"|                        \"c#1\"|                         consentId",
        "TRANSFER|   \"2026-01-11T12:00:00+02:00\"|  \"0000-01-01T00:00:00Z\"|        years 1000-9999",
        "TRANSFER|   \"2026-01-11T12:00:00+02:00\"|  \"0001-01-01T00:00:00+14:00\"|   years 1000-9999",
        "TRANSFER|   \"2026-01-11T12:00:00+02:00\"|  \"0999-12-31T23:59:59Z\"|        years 1000-9999",
        "GRANT|      \"2027-01-10T12:00:00Z\"|       \"0000-01-01T00:00:00Z\"|        expiresAt",
        "GRANT|      \"v1\"|                         VERSION|                         version",
        "COLLECTION| \"P90D\"|                       RETENTION|                       retention",
        "COLLECTION| \"P90D\"|                       \"P9999999Y\"|                   retention",
        "COLLECTION| \"P90D\"|                       \"P99999999999999999999D\"|      retention",
        "GRANT|      \"user.contact.email\"|         CATEGORY|                        categories",
    })
    void whatTheViewsCannotStoreIsRefusedAsAnInvalidField(String event, String original, String replacement,
                                                        String detail) {
        String body = switch (event) {
            case "GRANT" -> GRANT;
            case "COLLECTION" -> COLLECTION;
            default -> TRANSFER;
        };
        String value = replacement.replace("VERSION", "\"" + "v".repeat(101) + "\"")
                .replace("RETENTION", "\"P" + "1".repeat(64) + "D\"")
                .replace("CATEGORY", "\"user." + "a".repeat(200) + "\"");
        assertThat(body).contains(original);
        refused(() -> parse(body.replace(original, value)), ErrorCode.INVALID_FIELD, detail);
    }

    @Test
    void theLongestStorableValuesAndTheEdgesOfTheTimeRangeAreAccepted() {
        String subject = "s" + "-".repeat(199);
        AcceptedEvent late = parse(TRANSFER.replace("\"s-1\"", "\"" + subject + "\"")
                .replace("\"2026-01-11T12:00:00+02:00\"", "\"1000-01-01T00:00:00Z\""));
        assertThat(late.subject()).hasSize(200);
        assertThat(late.origin().time()).isEqualTo(Instant.parse("1000-01-01T00:00:00Z"));
        assertThat(parse(GRANT.replace("\"v1\"", "\"" + "v".repeat(100) + "\"")
                .replace("\"2027-01-10T12:00:00Z\"", "\"9999-12-31T23:59:59Z\"")).subject()).isEqualTo("s-1");
        assertThat(parse(TRANSFER.replace("\"s-1\"", "\"P:x~y_z.1-2\"").replace("\"e-4\"", "\"m@host\""))
                .origin().messageId()).as("the whole id character set").isEqualTo("m@host");
        assertThat(parse(GRANT.replace("\"v1\"", "\"v1 \\ud83d\\ude00\"")).subject())
                .as("a surrogate pair is one character, accepted where the field allows any text").isEqualTo("s-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"x", "}", " // c", " /* c */", "{\"a\":1}", "[]", "1"})
    void anythingAfterTheObjectIsNotJson(String trailing) {
        refused(() -> parse(TRANSFER + trailing), ErrorCode.NOT_JSON, "not valid JSON");
    }
}
