package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.consentledger.infra.Events.bytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A subject's holdings and history come in keyset pages: each row exactly once and in order while
 * new reports arrive; and the holdings summary is what aggregating every page gives, at any moment
 * (the aggregation below is written for this test, apart from the one the query-service runs).
 */
class ReadPagingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final List<String> APPS = List.of("pager-a", "pager-b", "pager-c");
    private static final List<String> CATEGORIES = List.of("user.contact.email", "user.location", "user.financial");
    private static final List<String> PURPOSES = List.of("dpv:ServiceProvision", "dpv:Personalisation");
    private static final Instant START = Instant.parse("2026-01-01T08:00:00Z");
    /** Between two reports of a random history: several a day. */
    private static final Duration STEP = Duration.ofHours(9);
    private static DevStack stack;

    @BeforeAll
    static void registerApps() {
        stack = TestStack.shared();
        APPS.forEach(app -> TestStack.registerApp(stack, app, app, "DE"));
    }

    @Test
    void pagingThroughThousandsOfCopiesGivesEachOnceInOrderWhileReportsArrive() {
        String subject = "paged-" + UUID.randomUUID();
        int copies = 2_500;
        TestStack.produce(subject, IntStream.range(0, copies).mapToObj(i -> collected(subject, i)).toArray(byte[][]::new));
        awaitViews(subject, copies);

        // reports keep arriving while the pages are read: some of them behind the reader's position, some ahead
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                TestStack.produce(subject, collected(subject, i % 2 == 0 ? -1 - i : copies + i));
            }
        });
        List<JsonNode> holdings = pages(subject, "holdings", "holdings", "");
        List<JsonNode> entries = pages(subject, "history", "entries", "");
        arriving.join();

        List<String> before = IntStream.range(0, copies).mapToObj(i -> time(i).toString()).toList();
        assertThat(risingMoments(holdings, "since")).as("every copy stored before the first page").containsAll(before);
        assertThat(risingMoments(entries, "time")).as("every entry stored before the first page").containsAll(before)
                .hasSizeBetween(copies, copies + 300);

        awaitViews(subject, copies + 300);
        JsonNode report = TestStack.get(url(subject, "report", "?format=json")).body();
        assertThat(report.get("timeline")).as("the latest hundred reports").hasSize(100);
        assertThat(report.get("timelineCount").asInt()).isEqualTo(copies + 300);
        assertThat(Instant.parse(report.get("timeline").get(99).get("time").asText())).isEqualTo(time(copies + 299));

        JsonNode firstPage = TestStack.get(url(subject, "holdings", "")).body();
        assertThat(firstPage.get("holdings")).as("the default page").hasSize(1000);
        JsonNode forged = TestStack.get(url(subject, "holdings", "?after=" + firstPage.get("next").asText().substring(1)))
                .body();
        assertThat(forged.get("code").asText()).as("a cursor not given out").isEqualTo("INVALID_PARAMETER");
        assertThat(TestStack.get(url(subject, "history", "?limit=1001")).status()).isEqualTo(400);
        assertThat(TestStack.get(url(subject, "holdings", "?limit=0")).status()).isEqualTo(400);
    }

    /**
     * The summary counts a day's copies one by one when a moment of the question falls inside it: an
     * erasure between two copies of the day, a retention ending between two copies of the day.
     */
    @Test
    void theSummarySplitsADayAtAnErasureAndAtTheEndOfARetention() {
        String subject = "split-" + UUID.randomUUID();
        TestStack.produce(subject,
                copy(subject, "pager-a", "2026-03-02T08:00:00Z", "user.contact.email", null),
                copy(subject, "pager-a", "2026-03-02T20:00:00Z", "user.contact.email", null),
                bytes(Events.erased("pager-a", subject, "2026-03-02T12:00:00Z", List.of("user.contact"))),
                copy(subject, "pager-b", "2026-03-05T08:00:00Z", "user.financial", "P1D"),
                copy(subject, "pager-b", "2026-03-05T20:00:00Z", "user.financial", "P1D"));
        awaitViews(subject, 5);

        // days of their own: neither is read copy by copy for the other's sake
        JsonNode summary = TestStack.get(url(subject, "holdings/summary", "?asOf=2026-03-06T14:00:00Z")).body();

        assertThat(summary.get("summary")).isEqualTo(aggregate(pages(subject, "holdings", "holdings",
                "?asOf=2026-03-06T14:00:00Z")));
        assertThat(summary.get("summary").get(0).get("statuses").get("erased").asInt()).as("the one before the erasure")
                .isEqualTo(1);
        assertThat(summary.get("summary").get(0).get("statuses").get("active").asInt()).isEqualTo(1);
        assertThat(summary.get("summary").get(1).get("statuses").get("overdue").asInt()).as("kept a day: ended at 08:00")
                .isEqualTo(1);
        assertThat(summary.get("summary").get(1).get("statuses").get("active").asInt()).isEqualTo(1);
    }

    /** A transfer resting on the consents behind a hundred copies of the sender is summarised like any copy. */
    @Test
    void aCopyRestingOnHundredsOfConsentsIsSummarised() {
        String subject = "rests-on-many-" + UUID.randomUUID();
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String consent = "consent-with-a-rather-long-identifier-" + i;
            String time = START.plusSeconds(60L * i).toString();
            events.add(bytes(Events.event("consent.granted", "pager-a", subject, time, Map.of("consentId", consent,
                    "purposes", PURPOSES, "categories", CATEGORIES, "legalBasis", "A6-1-a"))));
            events.add(bytes(Events.collected("pager-a", subject, START.plusSeconds(60L * i + 30).toString(), consent,
                    List.of("user.contact.email"))));
        }
        events.add(bytes(Events.transferred("pager-a", subject, START.plus(Duration.ofDays(1)).toString(), "t-many",
                "pager-b", List.of("user.contact.email"), "A6-1-b", null)));
        TestStack.produce(subject, events.toArray(byte[][]::new));
        awaitViews(subject, events.size());

        JsonNode summary = TestStack.get(url(subject, "holdings/summary", "")).body();

        assertThat(summary.get("summary")).isEqualTo(aggregate(pages(subject, "holdings", "holdings",
                "?asOf=" + summary.get("asOf").asText())));
        assertThat(summary.get("summary").findValuesAsText("holder")).containsExactly("pager-a", "pager-b");
    }

    private static byte[] copy(String subject, String app, String time, String category, String retention) {
        Map<String, Object> data = new HashMap<>(Map.of("categories", List.of(category), "purposes", PURPOSES.subList(0, 1),
                "legalBasis", "A6-1-b", "method", "provided"));
        if (retention != null) {
            data.put("retention", retention);
        }
        return bytes(Events.event("data.collected", app, subject, time, data));
    }

    @Test
    void aSubjectWithFewCopiesGetsThemAllOnOnePageAndNextNull() {
        String subject = "few-" + UUID.randomUUID();
        TestStack.produce(subject, collected(subject, 0), collected(subject, 1));
        awaitViews(subject, 2);
        for (String[] answer : List.of(new String[] {"holdings", "holdings"}, new String[] {"history", "entries"})) {
            JsonNode page = TestStack.get(url(subject, answer[0], "")).body();
            assertThat(page.get(answer[1])).hasSize(2);
            assertThat(page.has("next")).isTrue();
            assertThat(page.get("next").isNull()).isTrue();
        }
    }

    /**
     * Random histories of consents, collections, transfers, withdrawals and erasures, a few reported
     * late (what a copy rests on then changes), several a day (the summary's tallies are per day, and
     * a moment of the question inside a day is counted copy by copy); random moments.
     */
    @Test
    void theSummaryEqualsAnAggregationOfThePagesAtRandomMoments() {
        Random random = new Random(20261207L);
        Map<String, Instant> lastOf = new LinkedHashMap<>();
        for (int s = 0; s < 4; s++) {
            String subject = "summarised-" + s + "-" + UUID.randomUUID();
            List<byte[]> events = history(subject, random);
            List<byte[]> sent = new ArrayList<>(events);
            for (int late = 0; late < 4; late++) {
                sent.add(sent.remove(1 + random.nextInt(sent.size() / 2)));
            }
            TestStack.produce(subject, sent.toArray(byte[][]::new));
            lastOf.put(subject, START.plus(STEP.multipliedBy(events.size())));
            awaitViews(subject, events.size());
        }
        for (Map.Entry<String, Instant> subject : lastOf.entrySet()) {
            List<String> moments = new ArrayList<>(List.of(""));
            for (int i = 0; i < 6; i++) {
                long span = Duration.between(START.minus(Duration.ofDays(1)), subject.getValue().plus(Duration.ofDays(90)))
                        .toSeconds();
                moments.add(START.minus(Duration.ofDays(1)).plusSeconds((long) (random.nextDouble() * span)).toString());
            }
            for (String asOf : moments) {
                String query = asOf.isEmpty() ? "" : "?asOf=" + asOf;
                JsonNode summary = TestStack.get(url(subject.getKey(), "holdings/summary", query)).body();
                String pageQuery = "?limit=" + (1 + random.nextInt(7)) + (asOf.isEmpty() ? "&asOf=" + summary.get("asOf").asText()
                        : "&asOf=" + asOf);
                List<JsonNode> copies = pages(subject.getKey(), "holdings", "holdings", pageQuery);
                assertThat(summary.get("summary")).as(subject.getKey() + " at " + asOf).isEqualTo(aggregate(copies));
                JsonNode report = TestStack.get(url(subject.getKey(), "report", "?format=json&asOf="
                        + summary.get("asOf").asText())).body();
                assertThat(report.get("summary")).as("the report's summary").isEqualTo(summary.get("summary"));
                assertThat(digest(report)).as("the report's recipients, categories and purposes")
                        .isEqualTo(digest(copies));
            }
        }
    }

    /**
     * What the report says of the copies beyond the summary, computed from the copies: per recipient
     * and sender the categories, transfers and first; per category and purpose the holders still
     * holding (not erased).
     */
    private static Map<String, Set<String>> digest(List<JsonNode> copies) {
        Map<String, Set<String>> digest = new TreeMap<>();
        Map<String, Instant> firstTransfer = new TreeMap<>();
        for (JsonNode copy : copies) {
            String holder = copy.get("holder").asText();
            JsonNode source = copy.get("source");
            if (source.get("type").asText().equals("transfer")) {
                String pair = "recipient " + holder + " from " + source.get("from").asText();
                digest.computeIfAbsent(pair + " categories", k -> new TreeSet<>()).add(copy.get("category").asText());
                digest.computeIfAbsent(pair + " transfers", k -> new TreeSet<>()).add(source.get("transferId").asText());
                firstTransfer.merge(pair, Instant.parse(copy.get("since").asText()), (a, b) -> a.isBefore(b) ? a : b);
            }
            if (!copy.get("status").asText().equals("erased")) {
                digest.computeIfAbsent("category " + copy.get("category").asText(), k -> new TreeSet<>()).add(holder);
                copy.get("purposes").forEach(p -> digest.computeIfAbsent("purpose " + p.asText(), k -> new TreeSet<>())
                        .add(holder));
            }
        }
        digest.replaceAll((key, values) -> key.endsWith(" transfers") ? Set.of(String.valueOf(values.size())) : values);
        firstTransfer.forEach((pair, first) -> digest.put(pair + " since", Set.of(first.toString())));
        return digest;
    }

    /** {@link #digest(List)} as the report says it. */
    private static Map<String, Set<String>> digest(JsonNode report) {
        Map<String, Set<String>> digest = new TreeMap<>();
        for (JsonNode recipient : report.get("recipients")) {
            String pair = "recipient " + recipient.get("app").asText() + " from " + recipient.get("from").asText();
            recipient.get("categories").forEach(c -> digest.computeIfAbsent(pair + " categories", k -> new TreeSet<>())
                    .add(c.asText()));
            digest.put(pair + " transfers", Set.of(recipient.get("transfers").asText()));
            digest.put(pair + " since", Set.of(Instant.parse(recipient.get("since").asText()).toString()));
        }
        for (JsonNode category : report.get("categories")) {
            category.get("holders").forEach(h -> digest.computeIfAbsent("category " + category.get("category").asText(),
                    k -> new TreeSet<>()).add(h.asText()));
        }
        for (JsonNode purpose : report.get("purposes")) {
            purpose.get("holders").forEach(h -> digest.computeIfAbsent("purpose " + purpose.get("purpose").asText(),
                    k -> new TreeSet<>()).add(h.asText()));
        }
        return digest;
    }

    /** The summary as the contract describes it, computed from the copies. */
    private static ArrayNode aggregate(List<JsonNode> copies) {
        Map<String, List<JsonNode>> groups = new TreeMap<>();
        for (JsonNode copy : copies) {
            groups.computeIfAbsent(copy.get("holder").asText() + "\u0000" + copy.get("category").asText(),
                    key -> new ArrayList<>()).add(copy);
        }
        ArrayNode rows = TestStack.JSON.createArrayNode();
        groups.forEach((key, group) -> {
            ObjectNode row = rows.addObject();
            row.put("holder", key.split("\u0000")[0]).put("category", key.split("\u0000")[1]).put("copies", group.size());
            List<String> since = group.stream().map(c -> c.get("since").asText())
                    .sorted((a, b) -> Instant.parse(a).compareTo(Instant.parse(b))).toList();
            row.put("since", since.get(0)).put("latestSince", since.get(since.size() - 1));
            ObjectNode statuses = row.putObject("statuses");
            for (String status : List.of("active", "erasure-due", "overdue", "erased")) {
                statuses.put(status, (int) group.stream().filter(c -> c.get("status").asText().equals(status)).count());
            }
            TreeSet<String> purposes = new TreeSet<>();
            TreeSet<String> bases = new TreeSet<>();
            TreeSet<String> from = new TreeSet<>();
            boolean collected = false;
            for (JsonNode copy : group) {
                copy.get("purposes").forEach(p -> purposes.add(p.asText()));
                bases.add(copy.get("legalBasis").asText());
                if (copy.get("source").get("type").asText().equals("collected")) {
                    collected = true;
                } else {
                    from.add(copy.get("source").get("from").asText());
                }
            }
            purposes.forEach(row.putArray("purposes")::add);
            bases.forEach(row.putArray("legalBases")::add);
            ArrayNode sources = row.putArray("sources");
            if (collected) {
                sources.add("collected");
            }
            from.forEach(sources::add);
        });
        return rows;
    }

    /** A random history of one subject, three days between events, in order. */
    private static List<byte[]> history(String subject, Random random) {
        List<byte[]> events = new ArrayList<>();
        Map<String, Set<String>> held = new HashMap<>();
        List<String[]> consents = new ArrayList<>();
        int count = 20 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            String time = START.plus(STEP.multipliedBy(i)).toString();
            String app = APPS.get(random.nextInt(APPS.size()));
            int kind = i == 0 ? 0 : random.nextInt(10);
            if (kind == 0) {
                String consent = "c-" + i;
                consents.add(new String[] {app, consent});
                events.add(bytes(Events.event("consent.granted", app, subject, time, Map.of("consentId", consent,
                        "purposes", PURPOSES, "categories", CATEGORIES, "legalBasis", "A6-1-a",
                        "recipients", APPS.stream().filter(a -> !a.equals(app)).toList()))));
            } else if (kind <= 4) {
                String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
                Map<String, Object> data = new HashMap<>(Map.of("categories", List.of(category),
                        "purposes", random.nextBoolean() ? PURPOSES.subList(0, 1) : PURPOSES, "method", "provided"));
                String[] consent = consents.stream().filter(c -> c[0].equals(app)).findAny().orElse(null);
                if (consent != null && random.nextBoolean()) {
                    data.put("legalBasis", "A6-1-a");
                    data.put("consentId", consent[1]);
                } else {
                    data.put("legalBasis", random.nextBoolean() ? "A6-1-b" : "A6-1-f");
                }
                if (random.nextInt(3) == 0) {
                    data.put("retention", random.nextBoolean() ? "P10D" : "P1M");
                }
                held.computeIfAbsent(app, a -> new HashSet<>()).add(category);
                events.add(bytes(Events.event("data.collected", app, subject, time, data)));
            } else if (kind <= 6 && held.containsKey(app)) {
                String to = APPS.stream().filter(a -> !a.equals(app)).toList().get(random.nextInt(APPS.size() - 1));
                List<String> categories = List.copyOf(held.get(app));
                held.computeIfAbsent(to, a -> new HashSet<>()).addAll(categories);
                events.add(bytes(Events.transferred(app, subject, time, "t-" + i, to, categories, "A6-1-b", null)));
            } else if (kind == 7 && !consents.isEmpty()) {
                String[] consent = consents.get(random.nextInt(consents.size()));
                events.add(bytes(Events.withdrawn(consent[0], subject, time, consent[1])));
            } else if (kind == 8 && held.containsKey(app)) {
                events.add(bytes(Events.erased(app, subject, time, random.nextBoolean() ? null
                        : List.of(CATEGORIES.get(random.nextInt(CATEGORIES.size()))))));
            } else {
                held.computeIfAbsent(app, a -> new HashSet<>()).add("user.location");
                events.add(bytes(Events.event("data.collected", app, subject, time, Map.of("categories",
                        List.of("user.location"), "purposes", PURPOSES, "legalBasis", "A6-1-c", "method", "observed"))));
            }
        }
        return events;
    }

    /** The rows' moments in {@code field}, checked to rise strictly from row to row: each row once, in order. */
    private static List<String> risingMoments(List<JsonNode> rows, String field) {
        List<String> moments = rows.stream().map(row -> row.get(field).asText()).toList();
        for (int i = 1; i < moments.size(); i++) {
            assertThat(Instant.parse(moments.get(i))).as("row %d", i).isAfter(Instant.parse(moments.get(i - 1)));
        }
        return moments;
    }

    /** Waits until the views hold all {@code entries} reported about the subject (one processor writes every view). */
    private static void awaitViews(String subject, int entries) {
        await().atMost(PATIENCE).until(() -> pages(subject, "history", "entries", "").size() == entries);
    }

    /** Every row of a paged answer, page by page through {@code next}. */
    private static List<JsonNode> pages(String subject, String answer, String field, String query) {
        List<JsonNode> rows = new ArrayList<>();
        String next = null;
        do {
            String page = query.isEmpty() ? "?" : query + "&";
            JsonNode body = TestStack.get(url(subject, answer, next == null ? query
                    : page + "after=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).body();
            body.get(field).forEach(rows::add);
            next = body.get("next").isNull() ? null : body.get("next").asText();
        } while (next != null);
        return rows;
    }

    private static String url(String subject, String answer, String query) {
        return stack.queryUrl() + "/api/v1/subjects/" + subject + "/" + answer + query;
    }

    private static byte[] collected(String subject, int i) {
        return bytes(Events.event("data.collected", APPS.get(Math.floorMod(i, APPS.size())), subject, time(i).toString(),
                Map.of("categories", List.of("user.contact.email"), "purposes", PURPOSES.subList(0, 1),
                        "legalBasis", "A6-1-b", "method", "provided")));
    }

    private static Instant time(int i) {
        return START.plusSeconds(60L * i);
    }
}
