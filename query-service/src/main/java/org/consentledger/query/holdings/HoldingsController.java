package org.consentledger.query.holdings;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
import org.consentledger.query.web.Keyset;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class HoldingsController {

    private final HoldingsRepository holdings;
    /**
     * Writes one holding: its serializer looked up once, and without a flush after each (Jackson's
     * default), which would send tens of thousands of small writes down the socket.
     */
    private final ObjectWriter holdingWriter;
    private final Clock clock;
    private final AccessLog accessLog;

    HoldingsController(HoldingsRepository holdings, ObjectMapper mapper, Clock clock, AccessLog accessLog) {
        this.accessLog = accessLog;
        this.holdings = holdings;
        this.holdingWriter = mapper.writerFor(Holding.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.clock = clock;
    }

    /**
     * Writes each holding of the page as it is read: a page is at most a thousand rows, but a few
     * such answers built whole in memory at once would still weigh on a busy heap.
     */
    @Operation(summary = "Who holds what about a subject, since when, how they got it, on what basis",
            description = "Now, or as it stood at `asOf` (RFC 3339). One row per copy, oldest first; keyset-paged: "
                    + "at most `limit` rows (1-1000, default 1000), and `next`, null on the last page, passed as "
                    + "`after` for the next (with the same `asOf`). Status: active, erasure-due (a consent it rests on "
                    + "was withdrawn), overdue (past its retention) or erased (`until` set).")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = HoldingsResponse.class)))
    @GetMapping("/api/v1/subjects/{subject}/holdings")
    void holdings(@PathVariable String subject, @RequestParam(required = false) String asOf,
                  @RequestParam(defaultValue = "1000") int limit, @RequestParam(required = false) String after,
                  HttpServletResponse response) throws IOException {
        Instant at = AsOf.parse("asOf", asOf, clock);
        Keyset.limit(limit);
        List<String> from = Keyset.decode(after, 5);
        accessLog.read(subject);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try (JsonGenerator json = holdingWriter.createGenerator(response.getOutputStream())) {
            json.writeStartObject();
            json.writeStringField("subject", subject);
            json.writePOJOField("asOf", at);
            json.writeArrayFieldStart("holdings");
            HoldingDetail[] last = new HoldingDetail[1];
            int[] written = new int[1];
            holdings.eachOfSubject(subject, at, from, limit + 1L, detail -> {
                if (written[0]++ < limit) {
                    write(json, detail.holding());
                    last[0] = detail;
                }
            });
            json.writeEndArray();
            json.writeStringField("next", written[0] > limit ? Keyset.encode(HoldingsRepository.subjectKeys(last[0])) : null);
            json.writeEndObject();
        }
    }

    record SummaryResponse(String subject, Instant asOf, List<HoldingsSummary.Row> summary) {
    }

    @Operation(summary = "Who holds which kind of a subject's data: one row per holder and category",
            description = "Now, or as it stood at `asOf`: the copies, the earliest and latest `since`, how many are in "
                    + "each status, and the purposes, legal bases and sources (`collected` and/or the apps the copies "
                    + "came from) of them all; ordered by holder and category.")
    @GetMapping("/api/v1/subjects/{subject}/holdings/summary")
    SummaryResponse summary(@PathVariable String subject, @RequestParam(required = false) String asOf) {
        Instant at = AsOf.parse("asOf", asOf, clock);
        accessLog.read(subject);
        HoldingsSummary summary = new HoldingsSummary();
        holdings.eachOfSubject(subject, at, null, Long.MAX_VALUE, detail -> summary.add(detail.holding()));
        return new SummaryResponse(subject, at, summary.rows());
    }

    private void write(JsonGenerator json, Holding holding) {
        try {
            holdingWriter.writeValue(json, holding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
