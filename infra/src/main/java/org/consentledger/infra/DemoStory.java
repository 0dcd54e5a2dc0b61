package org.consentledger.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo data set: a super-app, {@code weconnect} (messenger and payments), collects one person's
 * contacts, location and payment data and passes pieces on to {@code foodgo} (delivery, which
 * passes the phone number on to its unregistered courier), {@code docbook} (doctor appointments)
 * and {@code adnet} (advertising, outside the EEA, without a valid basis); it also infers a health
 * condition without explicit consent. Then the person withdraws the consent, and every copy that
 * rests on it, down the chain, is due for erasure. Sent through the real path: apps registered and
 * given credentials by the admin over HTTP, each app's events on its own topic as its own Kafka
 * user. Event ids are fixed and the apps keep their registrations and credentials, so playing it
 * again on a running ledger records nothing.
 */
public final class DemoStory {

    public static final String SUBJECT = "demo-person-4711";
    public static final String BEFORE_TRANSFERS = "2026-01-20T00:00:00Z";

    private static final String CONSENT = "A6-1-a";
    private static final String SERVICE = "dpv:ServiceProvision";

    private final ObjectMapper json = new ObjectMapper();
    private final DevStack stack;
    private final Map<String, JsonNode> credentials = new LinkedHashMap<>();

    public DemoStory(DevStack stack) {
        this.stack = stack;
    }

    /** Registers the apps, sends the story, and returns the demo subject's id. */
    public String play() {
        register("weconnect", "WeConnect super-app (messenger and payments)", "DE");
        register("foodgo", "FoodGo delivery", "NL");
        register("docbook", "DocBook doctor appointments", "DE");
        register("adnet", "AdNet advertising", "US");
        send(events());
        return SUBJECT;
    }

    List<ObjectNode> events() {
        return List.of(
                event(1, "consent.granted", "weconnect", "2026-01-10T09:00:00Z", Map.of(
                        "consentId", "c-weconnect-1",
                        "purposes", List.of(SERVICE, "dpv:Personalisation"),
                        "categories", List.of("user.contact", "user.location.precise", "user.financial.payment"),
                        "legalBasis", CONSENT,
                        "recipients", List.of("foodgo", "docbook"),
                        "notice", Map.of("url", "https://weconnect.example/privacy", "version", "2026-01"))),
                event(2, "data.collected", "weconnect", "2026-01-10T09:05:00Z", Map.of(
                        "categories", List.of("user.contact.email", "user.contact.phone", "user.contact.addressbook"),
                        "purposes", List.of(SERVICE), "legalBasis", CONSENT, "consentId", "c-weconnect-1",
                        "method", "provided", "retention", "P2Y")),
                event(3, "data.collected", "weconnect", "2026-01-12T18:00:00Z", Map.of(
                        "categories", List.of("user.location.precise"),
                        "purposes", List.of(SERVICE, "dpv:Personalisation"), "legalBasis", CONSENT,
                        "consentId", "c-weconnect-1", "method", "observed", "retention", "P90D")),
                event(4, "data.collected", "weconnect", "2026-01-15T12:00:00Z", Map.of(
                        "categories", List.of("user.financial.payment"), "purposes", List.of("dpv:PaymentManagement"),
                        "legalBasis", "A6-1-b", "method", "provided")),
                event(5, "data.transferred", "weconnect", "2026-02-01T19:30:00Z", Map.of(
                        "transferId", "t-foodgo-1", "recipient", "foodgo",
                        "categories", List.of("user.contact.phone", "user.location.precise"),
                        "purposes", List.of(SERVICE), "legalBasis", CONSENT, "consentId", "c-weconnect-1")),
                event(6, "data.received", "foodgo", "2026-02-01T19:31:00Z", Map.of(
                        "transferId", "t-foodgo-1", "sender", "weconnect")),
                event(7, "consent.granted", "docbook", "2026-02-20T08:00:00Z", Map.of(
                        "consentId", "c-docbook-1", "purposes", List.of("dpv:HealthcareProvision", SERVICE),
                        "categories", List.of("user.health", "user.contact.email"), "legalBasis", "A9-2-a")),
                event(8, "data.transferred", "weconnect", "2026-02-20T08:05:00Z", Map.of(
                        "transferId", "t-docbook-1", "recipient", "docbook", "categories", List.of("user.contact.email"),
                        "purposes", List.of(SERVICE), "legalBasis", CONSENT, "consentId", "c-weconnect-1")),
                event(9, "data.collected", "docbook", "2026-02-20T08:10:00Z", Map.of(
                        "categories", List.of("user.health.appointment"), "purposes", List.of("dpv:HealthcareProvision"),
                        "legalBasis", "A9-2-a", "consentId", "c-docbook-1", "method", "provided", "retention", "P10Y")),
                event(10, "data.transferred", "weconnect", "2026-03-05T10:00:00Z", Map.of(
                        "transferId", "t-adnet-1", "recipient", "adnet",
                        "categories", List.of("user.location.precise", "user.contact.email"),
                        "purposes", List.of("dpv:PersonalisedAdvertising"), "legalBasis", CONSENT,
                        "consentId", "c-weconnect-1", "recipientCountry", "US")),
                event(11, "data.received", "adnet", "2026-03-05T10:01:00Z", Map.of(
                        "transferId", "t-adnet-1", "sender", "weconnect")),
                event(12, "data.erased", "foodgo", "2026-04-01T07:00:00Z", Map.of(
                        "categories", List.of("user.location.precise"))),
                event(13, "consent.withdrawn", "weconnect", "2026-06-01T12:00:00Z", Map.of(
                        "consentId", "c-weconnect-1")),
                // foodgo hands the phone number on to its courier, a processor nobody registered
                event(14, "data.transferred", "foodgo", "2026-02-02T10:00:00Z", Map.of(
                        "transferId", "t-courier-1", "recipient", "courierco", "categories", List.of("user.contact.phone"),
                        "purposes", List.of("dpv:DeliveryOfGoods"), "legalBasis", "A6-1-b", "recipientCountry", "DE")),
                // adnet confirms a second transfer weconnect never reported
                event(15, "data.received", "adnet", "2026-03-10T09:00:00Z", Map.of(
                        "transferId", "t-adnet-2", "sender", "weconnect")),
                // weconnect infers a health condition from the chats, on legitimate interest
                event(16, "data.collected", "weconnect", "2026-02-15T22:00:00Z", Map.of(
                        "categories", List.of("user.health.condition"), "purposes", List.of("dpv:Personalisation"),
                        "legalBasis", "A6-1-f", "method", "inferred")));
    }

    private ObjectNode event(int n, String kind, String app, String time, Map<String, Object> data) {
        ObjectNode event = json.createObjectNode()
                .put("specversion", "1.0")
                .put("id", "demo-" + n)
                .put("source", "/apps/" + app)
                .put("type", "org.consentledger." + kind + ".v1")
                .put("subject", SUBJECT)
                .put("time", time)
                .put("datacontenttype", "application/json");
        event.set("data", json.valueToTree(data));
        return event;
    }

    /**
     * Registers the app (again: the ledger records nothing when name and country are unchanged) and
     * gives it credentials, unless the stack kept valid ones of it from its last start.
     */
    private void register(String appId, String name, String country) {
        stack.admin().put(stack.ledgerUrl() + "/api/v1/apps/" + appId, Map.of("name", name, "country", country));
        JsonNode kept = stack.appCredentials(appId);
        if (kept == null) {
            kept = stack.admin().post(stack.ledgerUrl() + "/api/v1/apps/" + appId + "/credentials");
            stack.keepAppCredentials(appId, kept);
        }
        credentials.put(appId, kept);
    }

    /** Each app sends its own events, as its own Kafka user, to its own topic. */
    private void send(List<ObjectNode> events) {
        Map<String, List<ObjectNode>> byApp = new LinkedHashMap<>();
        events.forEach(e -> byApp.computeIfAbsent(e.get("source").asText().substring("/apps/".length()),
                app -> new ArrayList<>()).add(e));
        byApp.forEach((app, own) -> {
            JsonNode kafka = credentials.get(app).get("kafka");
            Map<String, Object> config = new HashMap<>(EmbeddedKafka.clientConfig(stack.kafkaBootstrap(),
                    kafka.get("username").asText(), kafka.get("password").asText()));
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                for (ObjectNode event : own) {
                    sends.add(producer.send(new ProducerRecord<>(kafka.get("topic").asText(), SUBJECT, event.toString())));
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get();
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(app + " could not send its demo events", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** The credentials each demo app was issued, as the ledger answered them. */
    public Map<String, JsonNode> credentials() {
        return credentials;
    }
}
