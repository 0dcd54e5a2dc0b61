package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data-access report and the auditor views against the known demo story. */
class ReportEndToEndTest {

    private static DevStack stack;
    private static String subject;
    private static JsonNode report;

    @BeforeAll
    static void playDemo() {
        stack = TestStack.shared();
        subject = TestStack.demo();
        TestStack.Response response = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        report = response.body();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> texts(JsonNode array, String field) {
        return list(array).stream().map(n -> n.get(field).asText()).toList();
    }

    @Test
    void purposesNameTheAppsProcessingForThem() {
        JsonNode service = list(report.get("purposes")).stream()
                .filter(p -> p.get("purpose").asText().equals("dpv:ServiceProvision")).findFirst().orElseThrow();
        assertThat(list(service.get("holders")).stream().map(JsonNode::asText))
                .contains("weconnect", "foodgo", "docbook").doesNotContain("adnet");
        assertThat(texts(report.get("purposes"), "purpose")).contains("dpv:PersonalisedAdvertising");
    }

    @Test
    void categoriesMarkSpecialCategoryData() {
        JsonNode health = list(report.get("categories")).stream()
                .filter(c -> c.get("category").asText().equals("user.health.condition")).findFirst().orElseThrow();
        assertThat(health.get("specialCategory").asBoolean()).isTrue();
        assertThat(texts(report.get("categories"), "category"))
                .as("erased data is not held any more").contains("user.contact.phone", "user.financial.payment");
    }

    @Test
    void recipientsAreNamedWithCountryAndSafeguard() {
        List<JsonNode> recipients = list(report.get("recipients"));
        assertThat(texts(report.get("recipients"), "name"))
                .contains("FoodGo delivery", "DocBook doctor appointments", "AdNet advertising", "courierco");
        JsonNode adnet = recipients.stream().filter(r -> r.get("app").asText().equals("adnet")).findFirst().orElseThrow();
        assertThat(adnet.get("country").asText()).isEqualTo("US");
        assertThat(adnet.get("outsideEea").asBoolean()).isTrue();
        assertThat(adnet.get("safeguard").isNull()).isTrue();
        JsonNode courier = recipients.stream().filter(r -> r.get("app").asText().equals("courierco")).findFirst()
                .orElseThrow();
        assertThat(courier.get("from").asText()).isEqualTo("foodgo");
    }

    @Test
    void retentionRightsAndSourcesAreStated() {
        assertThat(list(report.get("retention"))).anySatisfy(r -> {
            assertThat(r.get("holder").asText()).isEqualTo("weconnect");
            assertThat(r.get("retention").asText()).isEqualTo("P90D");
            assertThat(r.get("until").asText()).isEqualTo("2026-04-12T18:00:00Z");
        });
        JsonNode rights = report.get("rights");
        assertThat(rights.get("rectification").asText()).contains("Art. 16");
        assertThat(rights.get("erasure").asText()).contains("Art. 17");
        assertThat(rights.get("restriction").asText()).contains("Art. 18");
        assertThat(rights.get("objection").asText()).contains("Art. 21");
        assertThat(rights.get("complaint").asText()).contains("privacy@consentledger.example");
        assertThat(list(report.get("sources"))).anySatisfy(s -> {
            assertThat(s.get("holder").asText()).isEqualTo("foodgo");
            assertThat(s.get("from").asText()).isEqualTo("weconnect");
            assertThat(s.get("explanation").asText()).contains("received it from WeConnect");
        });
        assertThat(list(report.get("sources"))).anySatisfy(s -> assertThat(s.path("method").asText()).isEqualTo("inferred"));
    }

    @Test
    void lineageViolationsConsentsAndTimelineComeWithTheReport() {
        assertThat(list(report.get("lineage").get("edges"))).extracting(e -> e.get("from").asText() + ">" + e.get("to").asText())
                .containsExactlyInAnyOrder("weconnect>foodgo", "foodgo>courierco", "weconnect>docbook", "weconnect>adnet");
        assertThat(list(report.get("violations"))).hasSize(4);
        assertThat(list(report.get("consentHistory"))).anySatisfy(c -> {
            assertThat(c.get("consentId").asText()).isEqualTo("c-weconnect-1");
            assertThat(c.get("status").asText()).isEqualTo("ConsentWithdrawn");
        });
        assertThat(list(report.get("timeline"))).hasSize(TestStack.DEMO_EVENTS);
        assertThat(report.get("timelineCount").asInt()).isEqualTo(TestStack.DEMO_EVENTS);
    }

    @Test
    void lineageEndpointIsTransitive() {
        JsonNode lineage = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/lineage").body();
        assertThat(texts(lineage.get("nodes"), "id")).contains("weconnect", "foodgo", "courierco");
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/lineage?asOf=2026-01-20T00:00:00Z")
                .body().get("edges")).isEmpty();
    }

    @Test
    void htmlReportIsASelfContainedPageWithTheLineageDrawn() {
        TestStack.RawResponse page = TestStack.getRaw(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report",
                "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.text();
        assertThat(html).contains("<svg", "class=\"lineage\"", "FoodGo delivery", "AdNet advertising", "Timeline");
        assertThat(html).doesNotContain("<link", "<script", "src=\"http", "@import");
    }

    /** A lineage of more apps than a picture can show is listed by recipient, each with its senders. */
    @Test
    void aLineageTooLargeToDrawIsListedByRecipient() {
        String many = "fan-out-" + java.util.UUID.randomUUID();
        TestStack.registerApp(stack, "fan-hub", "Fan Hub", "DE");
        TestStack.registerApp(stack, "fan-relay", "Fan Relay", "DE");
        java.time.Instant start = java.time.Instant.parse("2026-02-01T00:00:00Z");
        List<byte[]> events = new ArrayList<>();
        for (String app : List.of("fan-hub", "fan-relay")) {
            events.add(Events.bytes(Events.event("data.collected", app, many, start.toString(), java.util.Map.of(
                    "categories", List.of("user.contact.email"), "purposes", List.of("dpv:ServiceProvision"),
                    "legalBasis", "A6-1-b", "method", "provided"))));
        }
        for (int i = 1; i <= 34; i++) {
            events.add(Events.bytes(Events.transferred("fan-hub", many, start.plusSeconds(60L * i).toString(), "t-" + i,
                    "fan-r" + i, List.of("user.contact.email"), "A6-1-b", null)));
        }
        events.add(Events.bytes(Events.transferred("fan-relay", many, start.plusSeconds(3600).toString(), "t-relay",
                "fan-r2", List.of("user.contact.email"), "A6-1-b", null)));
        TestStack.produce(many, events.toArray(byte[][]::new));
        String url = stack.queryUrl() + "/api/v1/subjects/" + many + "/report";
        await().atMost(Duration.ofSeconds(60))
                .until(() -> TestStack.get(url).body().path("timelineCount").asInt() == events.size());

        String html = TestStack.getRaw(url, "Accept", "text/html").text();
        assertThat(html).doesNotContain("class=\"lineage\"").contains("too many to draw");
        assertThat(html.split("class=\"flow-group\"", -1)).as("a group per recipient").hasSize(35);
        assertThat(html).contains("To fan-r2 (fan-r2): from 2 senders", "To fan-r1 (fan-r1): from one sender");
        assertThat(TestStack.getRaw(url, "Accept", "text/html", "Accept-Language", "de").text())
                .contains("An fan-r2 (fan-r2): von 2 Absendern", "nach Empfänger geordnet");
    }

    @Test
    void germanReportIsGerman() {
        TestStack.RawResponse page = TestStack.getRaw(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report",
                "Accept", "text/html", "Accept-Language", "de-DE,de;q=0.9");
        assertThat(page.text()).contains("lang=\"de\"", "Wer hat Ihre Daten", "Ihre Rechte", "Wohin Ihre Daten gingen",
                "muss gelöscht werden", "außerhalb des EWR").doesNotContain("Who has your data");
        JsonNode json = TestStack.get(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report?lang=de").body();
        assertThat(json.get("language").asText()).isEqualTo("de");
        assertThat(json.get("rights").get("erasure").asText()).startsWith("Löschung");
    }

    @Test
    void pdfReportParsesAndNamesTheRecipients() throws IOException {
        TestStack.RawResponse pdf = TestStack.getRaw(stack.queryUrl() + "/api/v1/subjects/" + subject + "/report",
                "Accept", "application/pdf");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            assertThat(text).contains("Who has your data", "FoodGo delivery", "DocBook doctor appointments",
                    "AdNet advertising", "courierco", "outside the EEA");
            List<String> contact = text.lines().filter(line -> line.contains("consentledger.example")).toList();
            assertThat(contact).as("lines naming the operator's address").hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(line -> line.contains("privacy@consentledger.example"), "hold the whole address");
        }
    }

    @Test
    void appHoldingsArePagedByKeysetUntilTheLastPage() {
        List<JsonNode> all = new ArrayList<>();
        String url = stack.queryUrl() + "/api/v1/apps/weconnect/holdings?limit=2&asOf=2026-06-30T00:00:00Z";
        String next = null;
        int pages = 0;
        do {
            JsonNode page = TestStack.get(url + (next == null ? "" : "&after=" + next)).body();
            all.addAll(list(page.get("holdings")));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (next != null && pages < 20);
        assertThat(all).hasSize(6);
        assertThat(pages).isEqualTo(3);
        assertThat(all).extracting(h -> h.get("category").asText()).doesNotHaveDuplicates();
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/apps/weconnect/holdings?category=user.contact").body()
                .get("holdings")).hasSize(3);
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/apps/weconnect/holdings?limit=100000").status())
                .isEqualTo(400);
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/apps/weconnect/holdings?after=garbage").status())
                .isEqualTo(400);
    }

    @Test
    void concentrationMarksTheSuperApp() {
        JsonNode apps = TestStack.get(stack.queryUrl() + "/api/v1/audit/concentration").body().get("apps");
        JsonNode weconnect = list(apps).stream().filter(a -> a.get("app").asText().equals("weconnect")).findFirst()
                .orElseThrow();
        assertThat(weconnect.get("superAppRisk").asBoolean()).isTrue();
        assertThat(weconnect.get("categories").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(list(apps).stream().filter(a -> a.get("app").asText().equals("adnet")).findFirst().orElseThrow()
                .get("superAppRisk").asBoolean()).isFalse();
    }

    @Test
    void recordOfProcessingIsDerivedFromWhatTheAppDid() {
        JsonNode ropa = TestStack.get(stack.queryUrl() + "/api/v1/audit/ropa/weconnect").body();
        assertThat(ropa.get("controller").get("name").asText()).isEqualTo("WeConnect super-app (messenger and payments)");
        assertThat(texts(ropa.get("recipients"), "app")).contains("foodgo", "docbook", "adnet");
        assertThat(list(ropa.get("recipients")).stream().filter(r -> r.get("app").asText().equals("adnet")).findFirst()
                .orElseThrow().get("outsideEea").asBoolean()).isTrue();
        assertThat(texts(ropa.get("purposes"), "purpose")).contains("dpv:ServiceProvision", "dpv:PaymentManagement");
        assertThat(ropa.get("dataSubjects").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anAppTheLedgerDoesNotKnowIsNotFoundWhileAnUnregisteredHolderIs() {
        for (String path : List.of("/api/v1/audit/ropa/weconect", "/api/v1/apps/weconect/holdings")) {
            TestStack.Response answer = TestStack.get(stack.queryUrl() + path);
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.contentType()).contains("application/problem+json");
            assertThat(answer.body().get("code").asText()).isEqualTo("UNKNOWN_APP");
        }
        assertThat(TestStack.get(stack.queryUrl() + "/api/v1/audit/ropa/courierco").body().get("dataSubjects").asLong())
                .as("courierco never registered, but holds what foodgo passed on").isEqualTo(1);
        TestStack.registerApp(stack, "quietapp", "Quiet App", "DE");
        // a registration reaches the read side as an event, within moments
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TestStack.get(stack.queryUrl() + "/api/v1/audit/ropa/quietapp").status() == 200);
    }
}
