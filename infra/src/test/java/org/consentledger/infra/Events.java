package org.consentledger.infra;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** CloudEvents as an integrating app writes them, for the tests. */
final class Events {

    private Events() {
    }

    static byte[] bytes(ObjectNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode event(String kind, String app, String subject, String time, Map<String, Object> data) {
        ObjectNode event = TestStack.JSON.createObjectNode()
                .put("specversion", "1.0")
                .put("id", UUID.randomUUID().toString())
                .put("source", "/apps/" + app)
                .put("type", "org.consentledger." + kind + ".v1")
                .put("subject", subject)
                .put("time", time);
        event.set("data", TestStack.JSON.valueToTree(data));
        return event;
    }

    static ObjectNode granted(String app, String subject, String time, String consentId, List<String> categories,
                              List<String> recipients) {
        return event("consent.granted", app, subject, time, Map.of("consentId", consentId,
                "purposes", List.of("dpv:ServiceProvision"), "categories", categories, "legalBasis", "A6-1-a",
                "recipients", recipients));
    }

    static ObjectNode collected(String app, String subject, String time, String consentId, List<String> categories) {
        return event("data.collected", app, subject, time, Map.of("categories", categories,
                "purposes", List.of("dpv:ServiceProvision"), "legalBasis", "A6-1-a", "consentId", consentId,
                "method", "provided"));
    }

    static ObjectNode transferred(String app, String subject, String time, String transferId, String recipient,
                                  List<String> categories) {
        return event("data.transferred", app, subject, time, Map.of("transferId", transferId, "recipient", recipient,
                "categories", categories, "purposes", List.of("dpv:ServiceProvision"), "legalBasis", "A6-1-a"));
    }

    static ObjectNode transferred(String app, String subject, String time, String transferId, String recipient,
                                  List<String> categories, String legalBasis, String consentId) {
        ObjectNode event = transferred(app, subject, time, transferId, recipient, categories);
        ((ObjectNode) event.get("data")).put("legalBasis", legalBasis);
        if (consentId != null) {
            ((ObjectNode) event.get("data")).put("consentId", consentId);
        }
        return event;
    }

    static ObjectNode withdrawn(String app, String subject, String time, String consentId) {
        return event("consent.withdrawn", app, subject, time, Map.of("consentId", consentId));
    }

    static ObjectNode erased(String app, String subject, String time, List<String> categories) {
        return event("data.erased", app, subject, time, categories == null ? Map.of() : Map.of("categories", categories));
    }
}
