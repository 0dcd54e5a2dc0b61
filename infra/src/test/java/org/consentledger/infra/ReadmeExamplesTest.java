package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The README's examples, run as a newcomer runs them against the demo stack: every command of every
 * {@code console} block, in order, in one bash session whose working directory holds the stack's
 * {@code ledger-data}, with the README's ports mapped to the test stack's and its jar to this build's
 * classes (curl and jq as the README says, which {@code .ci/run} installs). Each answer is compared with the one the README shows, on what it shows: JSON objects on
 * the fields shown, a {@code ...} standing for more elements, members, lines or characters, and
 * {@code "..."} for any value. A command shown without an answer must succeed. A read ({@code curl}
 * without a method or body) is retried until it answers as shown, since reports take a moment to be
 * recorded and projected.
 */
class ReadmeExamplesTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String MORE = "\u0000more";

    /** One {@code $ } command of the README and the answer shown under it. */
    record Example(int line, String command, List<String> shown) {

        boolean isRead() {
            return command.startsWith("curl -s ") && !command.matches("(?s).*\\s(-X|-d|--data|-T|-F)\\S*\\s.*");
        }
    }

    @Test
    void everyExampleOfTheReadmeAnswersAsShown() throws Exception {
        DevStack stack = TestStack.shared();
        TestStack.demo();
        Path home = Files.createTempDirectory("readme-");
        Files.createSymbolicLink(home.resolve("ledger-data"), stack.settings().dataDir());
        Map<String, String> ports = Map.of(
                "localhost:8081", "localhost:" + stack.settings().ledgerPort(),
                "localhost:8082", "localhost:" + stack.settings().queryPort(),
                "localhost:8083", "localhost:" + stack.settings().issuerPort(),
                "localhost:9092", stack.kafkaBootstrap(),
                "java -jar infra/target/ledger-dev.jar", "'" + Path.of(System.getProperty("java.home"), "bin", "java")
                        + "' -cp '" + System.getProperty("java.class.path") + "' " + Launcher.class.getName());

        UnaryOperator<String> local = text -> {
            for (Map.Entry<String, String> port : ports.entrySet()) {
                text = text.replace(port.getKey(), port.getValue());
            }
            return text;
        };

        List<Example> examples = examples(Files.readAllLines(README));
        assertThat(examples).as("the README's examples").hasSizeGreaterThan(15);
        try (Shell shell = new Shell(home)) {
            for (Example example : examples) {
                String command = local.apply(example.command());
                List<String> shown = example.shown().stream().map(local).toList();
                AtomicReference<Shell.Result> answer = new AtomicReference<>(shell.run(command));
                if (example.isRead() && mismatch(shown, answer.get()) != null) {
                    try {
                        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                                .until(() -> {
                                    answer.set(shell.run(command));
                                    return mismatch(shown, answer.get()) == null;
                                });
                    } catch (ConditionTimeoutException stillDifferent) {
                        // reported below with the last answer
                    }
                }
                String mismatch = mismatch(shown, answer.get());
                if (mismatch != null) {
                    fail("README.md line " + example.line() + ": $ " + example.command() + "\n" + mismatch
                            + "\n--- it answered (exit " + answer.get().status() + "):\n" + answer.get().output());
                }
            }
        }
    }

    @Test
    void anAnswerThatDiffersFromWhatIsShownIsAMismatch() {
        List<String> shown = List.of("{\"holdings\":[...,{\"holder\":\"foodgo\",\"status\":\"active\"},...],\"asOf\":\"...\"}");
        assertThat(mismatch(shown, new Shell.Result(0, "{\"asOf\":\"now\",\"holdings\":[{\"holder\":\"weconnect\"},"
                + "{\"holder\":\"foodgo\",\"status\":\"active\",\"since\":\"2026\"}]}"))).isNull();
        assertThat(mismatch(shown, new Shell.Result(0, "{\"asOf\":\"now\",\"holdings\":[{\"holder\":\"foodgo\","
                + "\"status\":\"erased\"}]}"))).contains("no element like");
        assertThat(mismatch(shown, new Shell.Result(0, "{\"holdings\":[{\"holder\":\"foodgo\",\"status\":\"active\"}]}")))
                .contains("$.asOf is missing");
        assertThat(mismatch(List.of("{\"codes\":[\"A\"]}"), new Shell.Result(0, "{\"codes\":[\"A\",\"B\"]}")))
                .as("without ..., an array is shown whole").contains("has 2 elements");
        assertThat(mismatch(List.of("a ... c", "..."), new Shell.Result(1, "a b c\nd\ne"))).isNull();
        assertThat(mismatch(List.of("a ... c"), new Shell.Result(0, "a b d"))).isNotNull();
        assertThat(mismatch(List.of(), new Shell.Result(1, ""))).as("a command shown without answer must succeed").isNotNull();
    }

    /** The commands of the README's console blocks with the answers shown under them. */
    static List<Example> examples(List<String> readme) {
        List<Example> examples = new ArrayList<>();
        boolean inConsole = false;
        StringBuilder command = null;
        int commandLine = 0;
        String heredocEnd = null;
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (!inConsole) {
                inConsole = line.equals("```console");
                continue;
            }
            boolean end = line.equals("```");
            if (command != null && heredocEnd == null && (end || line.startsWith("$ "))) {
                examples.add(new Example(commandLine, command.toString(), List.copyOf(shown)));
                command = null;
            }
            if (end) {
                inConsole = false;
            } else if (heredocEnd != null || (command != null && shown.isEmpty() && unfinished(command.toString()))) {
                command.append('\n').append(line);
                if (line.equals(heredocEnd)) {
                    heredocEnd = null;
                }
            } else if (line.startsWith("$ ")) {
                command = new StringBuilder(line.substring(2));
                commandLine = i + 1;
                shown = new ArrayList<>();
            } else if (command != null) {
                shown.add(line);
            }
            if (command != null && heredocEnd == null && shown.isEmpty()) {
                Matcher heredoc = Pattern.compile("<<'?(\\w+)'?\\s*$").matcher(line);
                if (heredoc.find()) {
                    heredocEnd = heredoc.group(1);
                }
            }
        }
        return examples;
    }

    /** Whether a command goes on in the next line: after a backslash, or inside a quoted string. */
    static boolean unfinished(String command) {
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote == '\'') {
                quote = c == '\'' ? 0 : quote;
            } else if (c == '\\') {
                i++;
            } else if (quote == '"') {
                quote = c == '"' ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote != 0 || command.endsWith("\\");
    }

    /** Why the answer differs from what the README shows, or null when it answers as shown. */
    static String mismatch(List<String> shown, Shell.Result result) {
        String expected = String.join("\n", shown).strip();
        if (expected.isEmpty()) {
            return result.status() == 0 ? null : "--- it failed, and the README shows no answer";
        }
        if (expected.startsWith("{") || expected.startsWith("[")) {
            JsonNode actual;
            try {
                actual = TestStack.JSON.readTree(result.output());
            } catch (IOException e) {
                return "--- the README shows JSON, it answered something else";
            }
            JsonNode pattern;
            try {
                pattern = TestStack.JSON.readTree(withMarkers(expected));
            } catch (IOException e) {
                throw new IllegalStateException("README shows JSON that is not JSON (with ...): " + expected, e);
            }
            return matches(pattern, actual, "$");
        }
        return linesMatch(shown, result.output().strip().lines().toList());
    }

    /**
     * The README's JSON with its ellipses made parseable: {@code ...} in an array becomes a marker
     * element, in an object it is dropped (objects are compared on the fields shown anyway).
     */
    static String withMarkers(String text) {
        StringBuilder out = new StringBuilder();
        List<Character> open = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\') {
                    out.append(text.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                out.append(c);
            } else if (text.startsWith("...", i)) {
                boolean inArray = !open.isEmpty() && open.get(open.size() - 1) == '[';
                i += 2;
                if (inArray) {
                    String before = out.toString().strip();
                    String after = text.substring(i + 1).strip();
                    out.append(before.endsWith("[") || before.endsWith(",") ? "" : ",").append("\"\\u0000more\"")
                            .append(after.startsWith("]") || after.startsWith(",") ? "" : ",");
                }
            } else {
                if (c == '{' || c == '[') {
                    open.add(c);
                } else if ((c == '}' || c == ']') && !open.isEmpty()) {
                    open.remove(open.size() - 1);
                }
                out.append(c);
            }
        }
        return out.toString().replaceAll(",(\\s*[}\\]])", "$1").replaceAll("([{\\[]\\s*),", "$1")
                .replaceAll(",(\\s*),", ",$1");
    }

    private static String matches(JsonNode expected, JsonNode actual, String path) {
        if (expected.isTextual() && expected.asText().equals("...")) {
            return actual == null || actual.isMissingNode() ? path + " is missing" : null;
        }
        if (actual == null || actual.isMissingNode()) {
            return path + " is missing";
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return path + " is not an object: " + actual;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String why = matches(field.getValue(), actual.path(field.getKey()), path + "." + field.getKey());
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray()) {
                return path + " is not an array: " + actual;
            }
            List<JsonNode> wanted = new ArrayList<>();
            boolean more = false;
            for (JsonNode element : expected) {
                if (element.isTextual() && element.asText().equals(MORE)) {
                    more = true;
                } else {
                    wanted.add(element);
                }
            }
            if (!more && wanted.size() != actual.size()) {
                return path + " has " + actual.size() + " elements, the README shows " + wanted.size();
            }
            int next = 0;
            for (int w = 0; w < wanted.size(); w++) {
                JsonNode element = wanted.get(w);
                if (!more) {
                    String why = matches(element, actual.get(w), path + "[" + w + "]");
                    if (why != null) {
                        return why;
                    }
                    continue;
                }
                while (next < actual.size() && matches(element, actual.get(next), path) != null) {
                    next++;
                }
                if (next == actual.size()) {
                    return path + " has no element like " + element + " after those shown before it";
                }
                next++;
            }
            return null;
        }
        return expected.equals(actual) || (expected.isNumber() && actual.isNumber()
                && expected.decimalValue().compareTo(actual.decimalValue()) == 0)
                ? null : path + " is " + actual + ", the README shows " + expected;
    }

    /** Lines compared one by one; a line {@code ...} stands for any lines, {@code ...} in a line for any text. */
    static String linesMatch(List<String> shown, List<String> actual) {
        StringBuilder pattern = new StringBuilder("(?s)");
        for (String line : shown) {
            if (line.strip().equals("...")) {
                pattern.append("(?:[^\\n]*\\n)*?");
                continue;
            }
            String[] parts = line.stripTrailing().split("\\.\\.\\.", -1);
            for (int i = 0; i < parts.length; i++) {
                pattern.append(i > 0 ? "[^\\n]*?" : "").append(Pattern.quote(parts[i]));
            }
            pattern.append("\\n");
        }
        String text = String.join("\n", actual) + "\n";
        return Pattern.compile(pattern.toString()).matcher(text).matches() ? null : "--- the README shows:\n"
                + String.join("\n", shown);
    }

    /** One bash session: functions and variables defined by one command stay for the next. */
    static final class Shell implements AutoCloseable {

        record Result(int status, String output) {
        }

        private final Process bash;
        private final Path scratch;
        private int count;

        Shell(Path home) throws IOException {
            scratch = Files.createTempDirectory("readme-shell-");
            bash = new ProcessBuilder("bash", "--norc", "--noprofile").directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(scratch.resolve("shell.log").toFile()).start();
        }

        Result run(String command) {
            int n = ++count;
            Path output = scratch.resolve(n + ".out");
            Path status = scratch.resolve(n + ".status");
            // the command's own exit status stays $? for the next one (an `echo $?` shown in the README)
            String script = "{\n" + command + "\n} > '" + output + "' 2>&1 < /dev/null; s=$?; echo $s > '" + status
                    + ".part'; mv '" + status + ".part' '" + status + "'; (exit $s)\n";
            try {
                bash.getOutputStream().write(script.getBytes());
                bash.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                        .until(() -> Files.exists(status) || !bash.isAlive());
                if (!Files.exists(status)) {
                    throw new IllegalStateException("the shell ended: " + command + "\n"
                            + Files.readString(scratch.resolve("shell.log")));
                }
                return new Result(Integer.parseInt(Files.readString(status).strip()), Files.readString(output));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            bash.destroy();
        }
    }
}
