package org.consentledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.HexFormat;
import java.util.Random;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class LeafTest {

    @Test
    void aLeafIsItsMembersInRfc8785CanonicalForm() {
        Leaf leaf = new Leaf("e-1", "r-1", 3, "org.example.Event", "2026-12-07T04:53:48.123Z",
                "{ \"sealed\" : \"eyJ.x\", \"b\": [1.50, 1E3, 2e-3], \"a\": \"\\u00e9\\u20ac\" }".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"aggregate\":\"r-1\",\"eventId\":\"e-1\",\"payload\":{\"a\":\"é€\",\"b\":[1.5,1000,0.002],\"sealed\":\"eyJ.x\"},"
                        + "\"sequence\":3,\"time\":\"2026-12-07T04:53:48.123Z\",\"type\":\"org.example.Event\"}");
        assertThat(HexFormat.of().formatHex(leaf.hash())).isEqualTo(HexFormat.of().formatHex(Merkle.leafHash(leaf.bytes())));
    }

    /** RFC 8785, section 3.2.2's example: numbers, escapes and literals as the RFC writes them canonically. */
    @Test
    void thePayloadIsCanonicalAsRfc8785sExampleSays() {
        String input = "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
                + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"literals\":[null,true,false]}";
        Leaf leaf = new Leaf("e", "a", 0, "t", "2026-01-01T00:00:00Z", input.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(leaf.bytes(), StandardCharsets.UTF_8)).contains(
                "\"payload\":{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    /** A changed row cannot give the leaf of another: a payload that smuggles a member in, or more than one value, is refused. */
    @Test
    void aPayloadThatIsNotExactlyOneJsonValueIsRefused() {
        for (String payload : List.of("{\"sealed\":\"x\"}, \"eventId\": \"e-2\"", "{} {}", "{\"a\":1}}", "")) {
            Leaf leaf = new Leaf("e-1", "a", 0, "t", "2026-01-01T00:00:00Z", payload.getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(leaf::bytes).as(payload).hasMessageContaining("e-1");
        }
    }

    /** A subject's leaf is written without the canonicalizer: the same bytes as it writes, for any members and payload. */
    @Test
    void everyLeafHasTheBytesTheCanonicalizerWrites() {
        Random random = new Random(8785);
        String[] alphabets = {"abcXYZ019-_.", "abc:T+Z-0", "a\"b\\c\u0001\u001f\u007f é€😀/"};
        String[] payloads = {"{\"sealed\":\"%s\"}", "{\"sealed\": \"%s\"}", "{\"sealed\":\"%s\",\"a\":1}",
                "{\"sealed\":[\"%s\"]}", "{\"b\":\"%s\",\"a\":\"\\u0041\"}"};
        int plain = 0;
        for (int i = 0; i < 5_000; i++) {
            Leaf leaf = new Leaf(text(random, alphabets), text(random, alphabets), random.nextInt(3) == 0
                    ? random.nextLong(1L << 53) : random.nextInt(1000), text(random, alphabets), text(random, alphabets),
                    String.format(payloads[random.nextInt(payloads.length)], text(random, alphabets))
                            .getBytes(StandardCharsets.UTF_8));
            byte[] bytes;
            try {
                bytes = leaf.bytes();
            } catch (UncheckedIOException refused) {
                assertThatThrownBy(leaf::canonicalized).isInstanceOf(UncheckedIOException.class);
                continue;
            }
            assertThat(bytes).as(leaf.toString()).isEqualTo(leaf.canonicalized());
            if (new String(bytes, StandardCharsets.UTF_8).startsWith("{\"aggregate\":\"", 0)
                    && new String(bytes, StandardCharsets.UTF_8).contains("\"payload\":{\"sealed\":\"")) {
                plain++;
            }
        }
        assertThat(plain).as("leaves of the plain shape among them").isGreaterThan(100);
    }

    private static String text(Random random, String[] alphabets) {
        String alphabet = alphabets[random.nextInt(alphabets.length)];
        int[] codePoints = alphabet.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithItsEvent() {
        Leaf leaf = new Leaf("e-9", "a", 0, "t", "2026-01-01T00:00:00Z", "{not json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(leaf::bytes).hasMessageContaining("e-9");
    }
}
