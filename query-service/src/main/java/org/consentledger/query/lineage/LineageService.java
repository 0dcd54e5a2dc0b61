package org.consentledger.query.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.consentledger.query.apps.AppDirectory;
import org.consentledger.query.holdings.Holding;
import org.consentledger.query.holdings.HoldingDetail;
import org.springframework.stereotype.Service;

/** Derives the transfer graph of a subject from the holdings: every transfer, down every chain. */
@Service
public class LineageService {

    private final AppDirectory apps;

    LineageService(AppDirectory apps) {
        this.apps = apps;
    }

    public Lineage lineage(String subject, Instant asOf, List<HoldingDetail> holdings) {
        Map<String, AppDirectory.AppInfo> directory = apps.all();
        Set<String> ids = new LinkedHashSet<>();
        Map<List<Object>, List<String>> transfers = new LinkedHashMap<>();
        for (HoldingDetail detail : holdings) {
            Holding h = detail.holding();
            if ("transfer".equals(h.source().type())) {
                ids.add(h.source().from());
                transfers.computeIfAbsent(List.of(h.source().from(), h.holder(), h.source().transferId(), h.since()),
                        key -> new ArrayList<>()).add(h.category());
            }
            ids.add(h.holder());
        }
        List<Lineage.Node> nodes = ids.stream().map(id -> AppDirectory.lookup(directory, id))
                .map(app -> new Lineage.Node(app.appId(), app.name(), app.country(), app.registered()))
                .toList();
        List<Lineage.Edge> edges = transfers.entrySet().stream().map(e -> new Lineage.Edge((String) e.getKey().get(0),
                (String) e.getKey().get(1), (String) e.getKey().get(2), List.copyOf(new LinkedHashSet<>(e.getValue())),
                (Instant) e.getKey().get(3))).toList();
        return new Lineage(subject, asOf, nodes, edges);
    }
}
