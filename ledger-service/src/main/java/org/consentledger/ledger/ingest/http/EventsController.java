package org.consentledger.ledger.ingest.http;

import org.consentledger.ledger.ingest.parsing.AcceptedEvent;
import org.consentledger.ledger.ingest.parsing.CloudEventParser;
import org.consentledger.ledger.ingest.parsing.RawMessage;
import org.consentledger.ledger.ingest.recording.LedgerRecorder;
import org.consentledger.ledger.ingest.recording.Failures;
import org.consentledger.ledger.platform.LedgerUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.ledger.app.AppRegistry;
import org.consentledger.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The same CloudEvents as on Kafka, one per request: structured mode in the body, or binary mode
 * with {@code ce-*} headers, posted with the app's own token: the app is the token's, and a source
 * naming another app answers 403 {@code SOURCE_MISMATCH}. A refusal answers 400 with the same code
 * the dead-letter topic uses.
 */
@RestController
class EventsController {

    private static final String HTTP_ATTRIBUTE_PREFIX = "ce-";

    record IngestResponse(String status, String source, String id) {
    }

    private final CloudEventParser parser;
    private final LedgerRecorder recorder;
    private final AppRegistry apps;

    EventsController(CloudEventParser parser, LedgerRecorder recorder, AppRegistry apps) {
        this.parser = parser;
        this.recorder = recorder;
        this.apps = apps;
    }

    @Operation(summary = "Report one CloudEvent (as on the Kafka topic)",
            description = "Structured mode (`application/cloudevents+json`) or binary mode (`ce-*` headers). 202 "
                    + "recorded, 200 duplicate (the (source, id) pair was recorded before), 400 refused with the "
                    + "same `code` the dead-letter topic uses, 403 `SOURCE_MISMATCH` a source naming another app than the "
                    + "token's, 422 `UNPROCESSABLE` valid but not recordable, 503 "
                    + "the database is unavailable (retry later).")
    @PostMapping("/api/v1/events")
    ResponseEntity<IngestResponse> ingest(@RequestBody(required = false) byte[] body, @RequestHeader HttpHeaders headers,
                                          Authentication authentication) {
        AcceptedEvent event = parser.parse(new RawMessage(body, binaryAttributes(headers)), apps.countries(),
                Caller.of(authentication).appId());
        LedgerRecorder.Outcome outcome;
        try {
            outcome = recorder.record(List.of(event)).get(0);
        } catch (RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw new LedgerUnavailableException(e);
            }
            throw Failures.unrecordable(e);
        }
        IngestResponse response = new IngestResponse(outcome.name().toLowerCase(), "/apps/" + event.origin().app(),
                event.origin().messageId());
        return ResponseEntity.status(outcome == LedgerRecorder.Outcome.RECORDED ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(response);
    }

    private static Map<String, String> binaryAttributes(HttpHeaders headers) {
        Map<String, String> attributes = new HashMap<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase();
            if (key.startsWith(HTTP_ATTRIBUTE_PREFIX) && !values.isEmpty()) {
                attributes.put(key.substring(HTTP_ATTRIBUTE_PREFIX.length()), values.get(0));
            }
        });
        return attributes;
    }
}
