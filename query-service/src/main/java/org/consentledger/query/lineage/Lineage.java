package org.consentledger.query.lineage;

import java.time.Instant;
import java.util.List;

/** Who passed a subject's data to whom: apps as nodes, transfers as edges, transitively. */
public record Lineage(String subject, Instant asOf, List<Node> nodes, List<Edge> edges) {

    public record Node(String id, String name, String country, boolean registered) {
    }

    public record Edge(String from, String to, String transferId, List<String> categories, Instant at) {
    }
}
