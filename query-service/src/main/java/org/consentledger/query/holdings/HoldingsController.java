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
import org.consentledger.query.accesses.AccessLog;
import org.consentledger.query.web.AsOf;
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
     * Writes each holding as it is read: a long-lived subject has tens of thousands, and a few such
     * answers built whole in memory at once would exhaust the heap.
     */
    @Operation(summary = "Who holds what about a subject, since when, how they got it, on what basis",
            description = "Now, or as it stood at `asOf` (RFC 3339). Status: active, erasure-due (a consent it "
                    + "rests on was withdrawn), overdue (past its retention) or erased (`until` set).")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = HoldingsResponse.class)))
    @GetMapping("/api/v1/subjects/{subject}/holdings")
    void holdings(@PathVariable String subject, @RequestParam(required = false) String asOf,
                  HttpServletResponse response) throws IOException {
        Instant at = AsOf.parse("asOf", asOf, clock);
        accessLog.read(subject);
        try (JsonGenerator json = holdingWriter.createGenerator(
                accessLog.recordedFirst(response, MediaType.APPLICATION_JSON_VALUE))) {
            json.writeStartObject();
            json.writeStringField("subject", subject);
            json.writePOJOField("asOf", at);
            json.writeArrayFieldStart("holdings");
            holdings.eachOfSubject(subject, at, detail -> write(json, detail.holding()));
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void write(JsonGenerator json, Holding holding) {
        try {
            holdingWriter.writeValue(json, holding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
