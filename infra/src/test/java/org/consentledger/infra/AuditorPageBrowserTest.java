package org.consentledger.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import java.util.logging.Level;

/**
 * The auditor page in real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs): an auditor signs in with the auditor client, looks up the demo person and finds
 * the lineage graph and the recipients drawn; a wrong secret is refused; a person's report link
 * opens their report by itself.
 */
class AuditorPageBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static ChromeDriver browser;
    private static DevStack stack;

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(new File(CHROMEDRIVER)).as("Debian's chromium-driver is installed (.ci/run installs it)").exists();
        stack = TestStack.shared();
        TestStack.demo();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-test"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aWrongSecretIsRefusedAtSignIn() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(stack.queryUrl() + "/");
        browser.executeScript("sessionStorage.clear(); localStorage.clear()");
        browser.navigate().refresh();
        signIn(DevStack.AUDITOR_CLIENT, "not-the-secret");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "refused"));
        assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
    }

    @Test
    void aPersonsReportLinkOpensTheirReportWithNoOtherCredential() {
        String reportUrl = TestStack.admin().post(stack.ledgerUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT
                + "/access-tokens").get("reportUrl").asText();
        browser.get(reportUrl);
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.lineage g.node")));
        assertThat(browser.findElements(By.cssSelector("tr.recipient"))).isNotEmpty();
        assertThat(browser.findElement(By.tagName("h1")).getCssValue("font-size")).as("its styles apply").isEqualTo("24px");

        // the auditor's reads of the demo person (TestStack.demo) are listed to the person, in either language
        for (String[] language : new String[][] {{"en", "Who looked at your record"}, {"de", "Wer Ihre Daten eingesehen hat"}}) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                browser.get(reportUrl + "&lang=" + language[0] + "#accesses");
                return !browser.findElements(By.cssSelector("table.accesses tr td")).isEmpty();
            });
            WebElement heading = browser.findElement(By.id("accesses"));
            assertThat(heading.getText()).isEqualTo(language[1]);
            ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", heading);
            screenshot("report-accesses-" + language[0] + ".png");
        }
    }

    /** The person's page in both languages, its links to the other formats, and a full-page screenshot of each. */
    @Test
    void aPersonsPageReadsInTheirLanguageAndLinksItsPdfAndTheOtherLanguage() {
        String reportUrl = TestStack.admin().post(stack.ledgerUrl() + "/api/v1/subjects/" + DemoStory.SUBJECT
                + "/access-tokens").get("reportUrl").asText();
        browser.get(reportUrl);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.summary-rows")));
        assertThat(browser.findElement(By.cssSelector("table.summary-rows")).getText())
                .contains("Address book", "user.contact.addressbook", "Providing the service", "your consent (Art. 6(1)(a) GDPR)");
        fullPageScreenshot("report-en.png");

        browser.findElement(By.xpath("//div[@class='formats']//button[text()='Deutsch']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Wer hat Ihre Daten"));
        String german = browser.findElement(By.tagName("body")).getText();
        assertThat(german).contains("Adressbuch", "Erbringung des Dienstes", "Ihre Einwilligung", "2 Jahre",
                "die Datenschutzaufsichtsbehörde Ihres Landes")
                .doesNotContain("the data protection authority", "Providing the service", "years");
        fullPageScreenshot("report-de.png");

        browser.findElement(By.xpath("//div[@class='formats']//button[text()='English']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Who has your data"));
    }

    /**
     * A person with ten thousand copies gets a report as long as their summary: one line per holder
     * and category, one arrow per sender and recipient, in the browser and as a PDF.
     */
    @Test
    void aPersonWithTenThousandCopiesGetsAReportAsShortAsTheirSummary() throws Exception {
        String subject = "ten-thousand-" + java.util.UUID.randomUUID();
        List<String> apps = List.of("bulk-shop", "bulk-ads");
        apps.forEach(app -> TestStack.registerApp(stack, app, app.equals("bulk-shop") ? "Bulk Shop" : "Bulk Ads", "DE"));
        List<String> categories = List.of("user.contact.email", "user.behavior.purchase", "user.location.approximate");
        java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
        int copies = 10_000;
        byte[][] events = new byte[copies][];
        for (int i = 0; i < copies; i++) {
            String time = start.plusSeconds(60L * i).toString();
            events[i] = i % 20 == 19
                    ? Events.bytes(Events.transferred("bulk-shop", subject, time, "t-" + i, "bulk-ads",
                            List.of("user.behavior.purchase"), "A6-1-b", null))
                    : Events.bytes(Events.event("data.collected", "bulk-shop", subject, time, java.util.Map.of(
                            "categories", List.of(categories.get(i % 3)), "purposes", List.of("dpv:ServiceProvision"),
                            "legalBasis", "A6-1-b", "method", "provided", "retention", "P2Y")));
        }
        TestStack.produce(subject, events);
        String report = stack.queryUrl() + "/api/v1/subjects/" + subject + "/report";
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
                .until(() -> TestStack.get(report).body().path("timelineCount").asInt() == copies);

        TestStack.RawResponse json = TestStack.getRaw(report, "Accept", "application/json");
        JsonNode body = TestStack.JSON.readTree(json.body());
        assertThat(body.get("summary")).as("one line per holder and category").hasSize(4);
        assertThat(body.get("summary").findValues("copies")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(
                3167, 3167, 3166, 500);
        assertThat(body.get("lineage").get("edges")).as("one arrow").hasSize(1);
        assertThat(body.get("lineage").get("edges").get(0).get("transfers").asInt()).isEqualTo(500);
        assertThat(body.has("holdings")).as("no list of every copy").isFalse();
        assertThat(json.body().length).as("bytes of the report's JSON").isLessThan(80_000);

        String reportUrl = TestStack.admin().post(stack.ledgerUrl() + "/api/v1/subjects/" + subject
                + "/access-tokens").get("reportUrl").asText();
        browser.get(reportUrl);
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.lineage g.node")));
        assertThat(browser.findElements(By.cssSelector("table.summary-rows tr"))).hasSize(5);
        long height = (Long) browser.executeScript("return document.body.scrollHeight");
        assertThat(height).as("the page's height in pixels").isLessThan(9_000);
        fullPageScreenshot("report-10000-copies.png");

        TestStack.RawResponse pdf = TestStack.getRaw(report, "Accept", "application/pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).as("pages of the PDF").isLessThanOrEqualTo(12);
            java.awt.image.BufferedImage first = new org.apache.pdfbox.rendering.PDFRenderer(document).renderImageWithDPI(0, 110);
            Path file = Path.of("target", "screenshots", "report-10000-copies-pdf-page-1.png");
            Files.createDirectories(file.getParent());
            javax.imageio.ImageIO.write(first, "png", file.toFile());
        }
    }

    private static void fullPageScreenshot(String name) {
        org.openqa.selenium.Dimension before = browser.manage().window().getSize();
        long height = (Long) browser.executeScript("return document.body.scrollHeight");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1100, (int) Math.min(height + 150, 16_000)));
        screenshot(name);
        browser.manage().window().setSize(before);
    }

    private static void screenshot(String name) {
        try {
            Path screenshot = Path.of("target", "screenshots", name);
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void auditorSignsInLooksUpThePersonAndSeesTheLineageAndTheRecipients() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(stack.queryUrl() + "/");
        browser.executeScript("sessionStorage.clear(); localStorage.clear()");
        browser.navigate().refresh();
        JsonNode auditor = ChildJvm.credentials(stack.settings()).get("clients").get("auditor");
        assertThat(browser.findElement(By.id("signout")).isDisplayed()).as("no sign-out before signing in").isFalse();
        signIn(auditor.get("clientId").asText(), auditor.get("clientSecret").asText());

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#concentration-chart rect.bar")));
        assertThat(browser.findElement(By.id("signout")).isDisplayed()).isTrue();
        List<WebElement> bars = browser.findElements(By.cssSelector("#concentration-chart rect.bar"));
        assertThat(bars).extracting(b -> b.getDomAttribute("data-app")).contains("weconnect", "adnet");
        assertThat(browser.findElement(By.id("concentration-chart")).getText())
                .as("one kind, one person (courierco's)").contains("1 kind,")
                .doesNotContainPattern("(^|\\D)1 (kinds|people)");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#violations tr.violation")));

        browser.findElement(By.id("subject")).sendKeys(DemoStory.SUBJECT);
        browser.findElement(By.id("show")).click();
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("report")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("svg.lineage g.node")));

        List<WebElement> nodes = browser.findElements(By.cssSelector("svg.lineage g.node"));
        assertThat(nodes).extracting(n -> n.getDomAttribute("data-app"))
                .contains("weconnect", "foodgo", "docbook", "adnet", "courierco");
        assertThat(browser.findElements(By.cssSelector("svg.lineage line.edge"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("svg.lineage line.edge.flagged"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("tr.recipient"))).extracting(WebElement::getText)
                .anySatisfy(text -> assertThat(text).contains("FoodGo delivery"))
                .anySatisfy(text -> assertThat(text).contains("AdNet advertising").contains("outside the EEA"));

        assertThat((String) browser.executeScript("return location.href")).as("the report's URL holds no token")
                .endsWith("/api/v1/subjects/" + DemoStory.SUBJECT + "/report").doesNotContain("access_token");
        browser.switchTo().defaultContent();
        assertThat(browser.getCurrentUrl()).doesNotContain("access_token");
        assertThat(browser.findElements(By.cssSelector("a[href*='access_token'], iframe[src*='access_token']")))
                .as("no link or frame of the page carries a token").isEmpty();
        assertThat(browser.manage().logs().get("browser").getAll()).extracting(Object::toString)
                .as("no script or style refused by the Content-Security-Policy")
                .noneMatch(line -> line.contains("Content Security Policy"));
        screenshot("auditor-page.png");

        // in German, the page around the report speaks German too, and stays so when opened again
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lang"))).selectByValue("de");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#violations th"), "Wann"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("concentration-chart"), " Art"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#concentration-chart rect.bar")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#violations tr.violation")));
        String page = browser.findElement(By.tagName("body")).getText();
        assertThat(page).contains("Eine Person nachschlagen", "Wer zu viel hält", "Neueste Verstöße", "Abmelden", "1 Art,")
                .doesNotContain("Look up a person", "Latest violations", "Sign out", " kinds", " people");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("de");
        wait.until(ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("report")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Wer hat Ihre Daten"));
        browser.switchTo().defaultContent();
        screenshot("auditor-page-de.png");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lang"))).selectByValue("en");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#violations th"), "when"));
    }

    private static void signIn(String clientId, String secret) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-id")));
        WebElement endpoint = browser.findElement(By.id("token-endpoint"));
        endpoint.clear();
        endpoint.sendKeys(stack.tokenEndpoint());
        browser.findElement(By.id("client-id")).sendKeys(clientId);
        browser.findElement(By.id("client-secret")).sendKeys(secret);
        browser.findElement(By.id("sign-in")).click();
    }
}
