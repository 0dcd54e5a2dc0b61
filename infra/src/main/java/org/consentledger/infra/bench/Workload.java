package org.consentledger.infra.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A realistic, deterministic mix of integration events, generated as it is sent: thousands of
 * subjects with Zipf-like activity, dozens of apps (a few super-apps), each subject's life in order —
 * a consent, collections, transfers to partners (a share of them violating: purposes not covered,
 * unregistered recipients, third countries without safeguard), receipts, erasures, withdrawals.
 */
final class Workload {

    static final int APPS = 40;
    private static final String[] COUNTRIES = {"DE", "FR", "NL", "IT", "ES", "SE", "PL", "AT", "IE", "US"};
    private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final Random random;
    private final String run;
    private final double[] cumulative;
    private final int[] steps;
    private final int[] generation;
    private final long[] minutes;
    private long sequence;

    Workload(int subjects, long seed, String run) {
        this.random = new Random(seed);
        this.run = run;
        this.cumulative = new double[subjects];
        double sum = 0;
        for (int i = 0; i < subjects; i++) {
            sum += 1.0 / Math.pow(i + 1, 0.9);
            cumulative[i] = sum;
        }
        for (int i = 0; i < subjects; i++) {
            cumulative[i] /= sum;
        }
        this.steps = new int[subjects];
        this.generation = new int[subjects];
        this.minutes = new long[subjects];
    }

    /** The app a generated event's source names. */
    static String sourceApp(String event) {
        int start = event.indexOf("\"/apps/") + "\"/apps/".length();
        return event.substring(start, event.indexOf('"', start));
    }

    static String app(int i) {
        return String.format("app-%02d", i);
    }

    static String country(int app) {
        return COUNTRIES[app % COUNTRIES.length];
    }

    /** A subject's id, the same one the generator used. */
    String subject(int i) {
        return run + "-s" + i;
    }

    int pickSubject() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(i < 0 ? -i - 1 : i, cumulative.length - 1);
    }

    /** The next event: [key, value]. */
    String[] next() {
        int s = pickSubject();
        int step = steps[s]++;
        minutes[s] += 1 + random.nextInt(10);
        String subject = subject(s);
        String time = START.plusSeconds(60 * (minutes[s] + s % 1000)).toString();
        int home = s % 4;
        int partner = 4 + s % 30;
        String consent = "c-" + subject + "-" + generation[s];
        ObjectNode event = switch (step == 0 ? 0 : step == 1 ? 1 : step == 2 ? 2 : 3 + random.nextInt(100)) {
            case 0 -> cloudEvent("consent.granted", app(home), subject, time, Map.of("consentId", consent,
                    "purposes", List.of("dpv:ServiceProvision", "dpv:Personalisation"),
                    "categories", List.of("user.contact", "user.location", "user.financial"), "legalBasis", "A6-1-a",
                    "recipients", List.of(app(partner), app(partner + 1))));
            case 1 -> cloudEvent("data.collected", app(home), subject, time, Map.of(
                    "categories", List.of("user.contact.email", "user.location.precise"),
                    "purposes", List.of("dpv:ServiceProvision"), "legalBasis", "A6-1-a", "consentId", consent,
                    "method", "provided", "retention", "P1Y"));
            case 2 -> cloudEvent("data.collected", app(home), subject, time, Map.of(
                    "categories", List.of("user.financial.payment"), "purposes", List.of("dpv:PaymentManagement"),
                    "legalBasis", "A6-1-b", "method", "provided"));
            default -> later(step, s, subject, time, home, partner, consent);
        };
        event.put("id", run + "-" + sequence++);
        return new String[] {subject, event.toString()};
    }

    private ObjectNode later(int step, int s, String subject, String time, int home, int partner, String consent) {
        int dice = random.nextInt(100);
        String transferId = "t-" + subject + "-" + step;
        if (dice < 40) {
            return cloudEvent("data.transferred", app(home), subject, time, Map.of("transferId", transferId,
                    "recipient", app(partner), "categories", List.of("user.contact.email"),
                    "purposes", List.of("dpv:ServiceProvision"), "legalBasis", "A6-1-a", "consentId", consent));
        }
        if (dice < 50) {
            int adnet = 34 + random.nextInt(6);
            return cloudEvent("data.transferred", app(home), subject, time, Map.of("transferId", transferId,
                    "recipient", app(adnet), "categories", List.of("user.location.precise"),
                    "purposes", List.of("dpv:Advertising"), "legalBasis", "A6-1-a"));
        }
        if (dice < 53) {
            return cloudEvent("data.transferred", app(home), subject, time, Map.of("transferId", transferId,
                    "recipient", "shadow-" + random.nextInt(5), "categories", List.of("user.contact.email"),
                    "purposes", List.of("dpv:ServiceProvision"), "legalBasis", "A6-1-b"));
        }
        if (dice < 68) {
            return cloudEvent("data.received", app(partner), subject, time, Map.of(
                    "transferId", "t-" + subject + "-" + Math.max(3, step - 1), "sender", app(home)));
        }
        if (dice < 75) {
            return cloudEvent("data.transferred", app(partner), subject, time, Map.of("transferId", transferId,
                    "recipient", app(partner + 1), "categories", List.of("user.contact.email"),
                    "purposes", List.of("dpv:DeliveryOfGoods"), "legalBasis", "A6-1-b"));
        }
        if (dice < 90) {
            return cloudEvent("data.collected", app(home), subject, time, Map.of(
                    "categories", List.of("user.location.precise"), "purposes", List.of("dpv:Personalisation"),
                    "legalBasis", "A6-1-a", "consentId", consent, "method", "observed", "retention", "P90D"));
        }
        if (dice < 96) {
            return cloudEvent("data.erased", app(partner), subject, time, Map.of("categories", List.of("user.contact")));
        }
        if (dice < 98) {
            return cloudEvent("consent.withdrawn", app(home), subject, time, Map.of("consentId", consent));
        }
        generation[s]++;
        return cloudEvent("consent.granted", app(home), subject, time, Map.of("consentId",
                "c-" + subject + "-" + generation[s], "purposes", List.of("dpv:ServiceProvision"),
                "categories", List.of("user.contact", "user.location"), "legalBasis", "A6-1-a",
                "recipients", List.of(app(partner))));
    }

    /** One more report about a subject, happening now: a collection by the app, on contract. */
    String now(String subject, String app) {
        ObjectNode event = cloudEvent("data.collected", app, subject, Instant.now().toString(), Map.of(
                "categories", List.of("user.financial.payment"), "purposes", List.of("dpv:PaymentManagement"),
                "legalBasis", "A6-1-b", "method", "provided"));
        return event.put("id", run + "-now-" + subject).toString();
    }

    private ObjectNode cloudEvent(String kind, String app, String subject, String time, Map<String, Object> data) {
        ObjectNode event = json.createObjectNode()
                .put("specversion", "1.0")
                .put("source", "/apps/" + app)
                .put("type", "org.consentledger." + kind + ".v1")
                .put("subject", subject)
                .put("time", time);
        event.set("data", json.valueToTree(data));
        return event;
    }
}
