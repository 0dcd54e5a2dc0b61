package org.consentledger.query.report;

import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.BadRequestException;
import org.consentledger.security.ContentSecurityPolicy;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

@RestController
class ReportController {

    private static final MediaType PDF = MediaType.APPLICATION_PDF;

    private final ReportService reports;
    private final SpringTemplateEngine templates;
    private final PdfRenderer pdf;
    private final Clock clock;
    private final AccessLog accessLog;

    ReportController(ReportService reports, SpringTemplateEngine templates, PdfRenderer pdf, Clock clock,
                     AccessLog accessLog) {
        this.accessLog = accessLog;
        this.reports = reports;
        this.templates = templates;
        this.pdf = pdf;
        this.clock = clock;
    }

    @Operation(summary = "The person's data-access report (GDPR Art. 15)",
            description = "JSON by default; `Accept: text/html` a self-contained page with the lineage drawn; "
                    + "`Accept: application/pdf` the same document as a PDF (or `format=json|html|pdf`). "
                    + "English, or German with `Accept-Language: de` (or `lang=de`). POST takes the same parameters "
                    + "as form fields, and the token as form field `access_token` (RFC 6750 2.2): how the auditor page "
                    + "opens a report without putting a token into a URL.")
    @RequestMapping(path = "/api/v1/subjects/{subject}/report", method = {RequestMethod.GET, RequestMethod.POST})
    ResponseEntity<?> report(@PathVariable String subject, @RequestParam(required = false) String asOf,
                             @RequestParam(required = false) String format, @RequestParam(required = false) String lang,
                             @RequestHeader(value = HttpHeaders.ACCEPT, defaultValue = "*/*") String accept,
                             @RequestParam(name = "access_token", required = false) String token,
                             Locale requestLocale) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        Locale locale = Locale.forLanguageTag(lang != null ? lang : requestLocale.getLanguage()).getLanguage().equals("de")
                ? Locale.GERMAN : Locale.ENGLISH;
        String chosen = format != null ? format : formatFor(accept);
        if (!List.of("json", "html", "pdf").contains(chosen)) {
            throw new BadRequestException("INVALID_PARAMETER", "format must be json, html or pdf");
        }
        accessLog.read(subject);
        SubjectReport report = reports.report(subject, at, locale);
        return switch (chosen) {
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
            case "html" -> {
                String page = html(report, locale, new Page(token, asOf != null));
                yield ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                        .header("Content-Security-Policy", ContentSecurityPolicy.forPage(page)).body(page);
            }
            case "pdf" -> ResponseEntity.ok().contentType(PDF)
                    .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                            .filename("data-access-report-" + subject + ".pdf").build().toString())
                    .body(pdf.render(html(report, locale, new Page(null, false))));
            default -> throw new IllegalStateException(chosen);
        };
    }

    private static String formatFor(String accept) {
        for (MediaType type : MediaType.parseMediaTypes(accept)) {
            if (type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()) {
                return "json";
            }
            if (type.equalsTypeAndSubtype(PDF)) {
                return "pdf";
            }
            if (type.equalsTypeAndSubtype(MediaType.TEXT_HTML)) {
                return "html";
            }
        }
        return "json";
    }

    /**
     * How the page was asked for: its links to the other formats post the token it was opened with
     * (the person's page opens with one in its address, the auditor page posts one), and its moment
     * if one was asked for.
     */
    private record Page(String token, boolean asOfAsked) {
    }

    /** A link of the page to the report in another format or language ({@code label}: a message key). */
    public record Format(String format, String lang, String label) {
    }

    private String html(SubjectReport report, Locale locale, Page page) {
        String other = Locale.GERMAN.equals(locale) ? "en" : "de";
        Context context = new Context(locale);
        context.setVariable("report", report);
        context.setVariable("fmt", new DateFormat(locale));
        context.setVariable("lineageSvg", LineageSvg.draw(report.lineage()));
        context.setVariable("flowGroups", LineageSvg.rows(report.lineage()));
        context.setVariable("unbroken", new Unbroken());
        context.setVariable("formats", List.of(new Format("pdf", locale.getLanguage(), "formats.pdf"),
                new Format("html", other, "formats.other"), new Format("json", locale.getLanguage(), "formats.json")));
        context.setVariable("token", page.token());
        context.setVariable("asOfAsked", page.asOfAsked());
        return templates.process("report", context);
    }
}
