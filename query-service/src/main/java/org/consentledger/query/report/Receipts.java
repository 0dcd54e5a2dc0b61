package org.consentledger.query.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.consentledger.contracts.consent.ConsentGrantedEvent;
import org.consentledger.contracts.consent.ConsentWithdrawnEvent;
import org.consentledger.storage.log.StoredLog;
import org.consentledger.storage.sealing.Sealer;
import org.consentledger.storage.sealing.SubjectKeys;
import org.consentledger.transparency.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A person's receipts: for every consent grant and withdrawal of theirs in the latest signed
 * checkpoint, the leaf, its inclusion proof, the checkpoint and the log's key, and the key of that
 * one event, so that the person can check offline (ledger-verify.jar) what was recorded, even after
 * the ledger forgot them. The leaves and the hashes of all the proofs are read in one statement
 * each: the busiest subjects have hundreds of consents.
 */
@Component
class Receipts {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRANTED = ConsentGrantedEvent.class.getName();
    private static final String WITHDRAWN = ConsentWithdrawnEvent.class.getName();
    /** The types written out, so that the planner uses the index of consent events (ledger Flyway V11). */
    private static final String CONSENT_EVENTS = """
            select l.leaf_index, e.event_identifier, e.payload_type, e.payload
            from domain_event_entry e join log_leaf l on l.event_identifier = e.event_identifier
            where e.aggregate_identifier = ? and e.payload_type in ('%s', '%s') and l.leaf_index < ?
            order by e.sequence_number""".formatted(GRANTED, WITHDRAWN);

    private final JdbcTemplate jdbc;
    private final StoredLog log;
    private final SubjectKeys keys;

    Receipts(JdbcTemplate jdbc, SubjectKeys keys) {
        this.jdbc = jdbc;
        this.log = new StoredLog(jdbc);
        this.keys = keys;
    }

    /** The subject's receipts, oldest first; none for a subject unknown or forgotten, or before the first checkpoint. */
    List<SubjectReport.Receipt> of(String subject) {
        Optional<String> record = keys.recordOf(subject);
        Optional<byte[]> dataKey = record.flatMap(keys::keyOf);
        Optional<StoredLog.Signed> checkpoint = log.latest();
        Optional<SignedNote.Verifier> logKey = log.verifier();
        if (dataKey.isEmpty() || checkpoint.isEmpty() || logKey.isEmpty()) {
            return List.of();
        }
        long size = checkpoint.get().size();
        List<Logged> consents = jdbc.query(CONSENT_EVENTS,
                (rs, n) -> new Logged(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)), record.get(), size);
        List<Long> indexes = consents.stream().map(Logged::leafIndex).toList();
        Map<Long, byte[]> leaves = new HashMap<>();
        log.leaves(indexes).forEach(stored -> stored.row().flatMap(row -> row.leafBytes())
                .ifPresent(leaf -> leaves.put(stored.index(), leaf)));
        Map<Long, List<byte[]>> proofs = log.inclusionProofs(indexes, size);
        Map<String, JsonNode> grants = new HashMap<>();
        List<SubjectReport.Receipt> receipts = new ArrayList<>();
        for (Logged logged : consents) {
            byte[] eventKey = Sealer.eventKey(dataKey.get(), logged.eventId());
            JsonNode event = json(Sealer.open(logged.payload(), eventKey));
            boolean granted = logged.payloadType().equals(GRANTED);
            JsonNode consent = granted ? event.path("consent") : grants.getOrDefault(
                    event.path("withdrawal").path("consentId").asText(), JSON.createObjectNode());
            if (granted) {
                grants.put(consent.path("consentId").asText(), consent);
            }
            byte[] leaf = leaves.get(logged.leafIndex());
            if (leaf == null) {
                continue;
            }
            receipts.add(new SubjectReport.Receipt(logged.eventId(), granted ? "ConsentGiven" : "ConsentWithdrawn",
                    granted ? consent.path("consentId").asText() : event.path("withdrawal").path("consentId").asText(),
                    event.path("origin").path("app").asText(), strings(consent.path("purposes")),
                    strings(consent.path("categories")), consent.path("legalBasis").asText(null),
                    event.path("origin").path("time").asText(), logged.leafIndex(), size, base64(leaf),
                    proofs.get(logged.leafIndex()).stream().map(Receipts::base64).toList(),
                    checkpoint.get().note(), logKey.get().toString(), base64(eventKey)));
        }
        return receipts;
    }

    private record Logged(long leafIndex, String eventId, String payloadType, byte[] payload) {
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
