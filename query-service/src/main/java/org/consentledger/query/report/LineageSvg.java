package org.consentledger.query.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.consentledger.contracts.vocabulary.Countries;
import org.consentledger.query.lineage.Lineage;
import org.springframework.web.util.HtmlUtils;

/**
 * Draws a lineage as a self-contained SVG, server-side: apps in columns by how many transfers away
 * from a collecting app they are, one arrow per sender and recipient, numbered like the table under
 * the picture that names what went (a number on a disc drawn over every arrow is never crossed or
 * cut off, where a list of categories was). Flagged arrows are red; apps outside the EEA have a red
 * outline, unregistered ones a dashed one. A graph too large to read as a picture is not drawn:
 * its table is grouped by recipient instead ({@link #rows}).
 */
final class LineageSvg {

    private static final int BOX_WIDTH = 170;
    private static final int BOX_HEIGHT = 44;
    private static final int COLUMN = 310;
    private static final int ROW = 84;
    private static final int MARGIN = 20;

    private LineageSvg() {
    }

    /** The most apps drawn: a larger graph is left to the table. */
    static final int MAX_NODES = 30;

    private static final int NAME_CHARS = 24;

    static String draw(SubjectReport.LineageView lineage) {
        if (lineage.nodes().size() > MAX_NODES) {
            return "";
        }
        Map<String, Integer> depth = depths(lineage);
        Map<Integer, List<Lineage.Node>> columns = new LinkedHashMap<>();
        for (Lineage.Node node : lineage.nodes()) {
            columns.computeIfAbsent(depth.getOrDefault(node.id(), 0), d -> new ArrayList<>()).add(node);
        }
        Map<String, int[]> position = new HashMap<>();
        int rows = 1;
        for (Map.Entry<Integer, List<Lineage.Node>> column : columns.entrySet()) {
            List<Lineage.Node> nodes = column.getValue();
            rows = Math.max(rows, nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                position.put(nodes.get(i).id(), new int[] {MARGIN + column.getKey() * COLUMN, MARGIN + i * ROW});
            }
        }
        int width = MARGIN * 2 + (columns.keySet().stream().mapToInt(Integer::intValue).max().orElse(0)) * COLUMN + BOX_WIDTH;
        int height = MARGIN * 2 + (rows - 1) * ROW + BOX_HEIGHT;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">")
                .append("<defs>").append(marker("arrow", "#44546a")).append(marker("arrow-bad", "#c0392b"))
                .append("</defs>");
        StringBuilder badges = new StringBuilder();
        List<SubjectReport.Flow> flows = lineage.edges();
        for (int n = 0; n < flows.size(); n++) {
            SubjectReport.Flow flow = flows.get(n);
            int[] from = position.get(flow.from());
            int[] to = position.get(flow.to());
            if (from == null || to == null) {
                continue;
            }
            int x1 = from[0] + BOX_WIDTH;
            int y1 = from[1] + BOX_HEIGHT / 2;
            int x2 = to[0] - 4;
            int y2 = to[1] + BOX_HEIGHT / 2;
            if (to[0] <= from[0]) {
                x1 = from[0] + BOX_WIDTH / 2;
                x2 = to[0] + BOX_WIDTH / 2;
                y1 = from[1] + BOX_HEIGHT;
                y2 = to[1] - 4;
            }
            String colour = flow.flagged() ? "#c0392b" : "#44546a";
            svg.append("<line class=\"edge").append(flow.flagged() ? " flagged" : "").append("\" x1=\"").append(x1)
                    .append("\" y1=\"").append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                    .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(" marker-end=\"url(#").append(flow.flagged() ? "arrow-bad" : "arrow").append(")\"/>");
            // a third of the way along: arrows into one app keep their numbers apart
            int bx = x1 + (x2 - x1) / 3;
            int by = y1 + (y2 - y1) / 3;
            badges.append("<g class=\"flow\"><circle cx=\"").append(bx).append("\" cy=\"").append(by)
                    .append("\" r=\"9\" fill=\"#ffffff\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"/>")
                    .append("<text x=\"").append(bx).append("\" y=\"").append(by + 4)
                    .append("\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"bold\" fill=\"").append(colour)
                    .append("\">").append(n + 1).append("</text></g>");
        }
        svg.append(badges);
        for (Lineage.Node node : lineage.nodes()) {
            int[] p = position.get(node.id());
            boolean outside = node.country() != null && !Countries.inEea(node.country());
            svg.append("<g class=\"node\" data-app=\"").append(escape(node.id())).append("\">")
                    .append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"")
                    .append(BOX_WIDTH).append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"8\" fill=\"#eef3f8\"")
                    .append(" stroke=\"").append(outside ? "#c0392b" : "#44546a").append("\" stroke-width=\"2\"")
                    .append(node.registered() ? "" : " stroke-dasharray=\"5,3\"").append("/>")
                    .append("<text x=\"").append(p[0] + BOX_WIDTH / 2).append("\" y=\"").append(p[1] + 19)
                    .append("\" text-anchor=\"middle\" font-weight=\"bold\"><title>").append(escape(node.name()))
                    .append("</title>").append(escape(shorten(node.name()))).append("</text>")
                    .append("<text x=\"").append(p[0] + BOX_WIDTH / 2).append("\" y=\"").append(p[1] + 35)
                    .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555555\">")
                    .append(escape(shorten(node.id() + " \u00b7 " + (node.country() == null ? "?" : node.country()))))
                    .append("</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** An arrow's row under the picture: its number in the picture and what went. */
    record Row(int number, SubjectReport.Flow flow) {
    }

    /** The rows of one recipient ({@code recipient} null: of every recipient, under a picture). */
    record Group(Lineage.Node recipient, List<Row> rows) {
    }

    /**
     * The table of the arrows: in the order of their numbers under a picture; grouped by recipient,
     * in the recipients' order, when the graph is too large to draw.
     */
    static List<Group> rows(SubjectReport.LineageView lineage) {
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < lineage.edges().size(); n++) {
            rows.add(new Row(n + 1, lineage.edges().get(n)));
        }
        if (lineage.nodes().size() <= MAX_NODES) {
            return List.of(new Group(null, rows));
        }
        // every sender and recipient of an arrow is one of the lineage's apps
        return lineage.nodes().stream()
                .map(node -> new Group(node, rows.stream().filter(row -> row.flow().to().equals(node.id())).toList()))
                .filter(group -> !group.rows().isEmpty()).toList();
    }

    /** Columns: apps nobody sent anything to first, then one column further per transfer. */
    private static Map<String, Integer> depths(SubjectReport.LineageView lineage) {
        Map<String, Integer> depth = new HashMap<>();
        lineage.nodes().forEach(n -> depth.put(n.id(), 0));
        for (int round = 0; round < lineage.nodes().size(); round++) {
            boolean changed = false;
            for (SubjectReport.Flow edge : lineage.edges()) {
                int candidate = depth.getOrDefault(edge.from(), 0) + 1;
                if (!edge.from().equals(edge.to()) && candidate > depth.getOrDefault(edge.to(), 0)
                        && candidate < lineage.nodes().size()) {
                    depth.put(edge.to(), candidate);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return depth;
    }

    /** What fits in a box; the whole name is the text's title. */
    private static String shorten(String text) {
        return text.length() <= NAME_CHARS ? text : text.substring(0, NAME_CHARS - 1) + "\u2026";
    }

    private static String marker(String id, String colour) {
        return "<marker id=\"" + id + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" "
                + "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + colour + "\"/></marker>";
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text);
    }
}
