package io.dioscope.report.html;

import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import io.dioscope.rules.Rule;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;

/** One finding: its sentence, its window, its charts (for the worst ones), its trace lines, its rule. */
final class FindingSection {
    private FindingSection() {}

    static void write(Element parent, Finding f, Rule rule, Map<Long, String> raw, Map<Integer, String> unavailable,
            WindowCharts.Charts charts, int maxLines) {
        Element s = parent.appendElement("section").addClass("finding").attr("id", "finding-" + f.id());
        Element h = s.appendElement("h3");
        h.appendElement("span").addClass(Page.severityClass(f.severity().label())).text(f.severity().label().toUpperCase());
        h.appendText(" " + f.rule() + (f.qualifiers().isEmpty() ? "" : " (" + f.qualifiers() + ")") + " \u2014 #" + f.id());
        s.appendElement("p").addClass("sentence").text(f.message());
        if (!f.certain()) {
            s.appendElement("p").addClass("incomplete").text("Uncertain (" + io.dioscope.report.TextReport.uncertainty(f)
                    + "): this window's completion may be another attempt's, or its order against other events "
                    + "cannot be trusted, and some of what happened inside it may be missing.");
        }
        Element meta = s.appendElement("table");
        Page.keyValue(meta, "trace", f.traceId() + ": " + f.tracePath());
        if (f.blockLayerOnly()) {
            // the block layer names no inode, and a file offset only through extent maps: the sentence says it
            Page.keyValue(meta, "device", f.fileName() + " (" + Numbers.grouped(f.len()) + " bytes; no inode in the trace)");
            if (f.knownOffset() != null) {
                Page.keyValue(meta, "range", Numbers.hex(f.pos()) + " to " + Numbers.hex(f.pos() + f.len()) + " of the file, by its extent map");
            }
        } else {
            Page.keyValue(meta, "file", f.fileName());
            Page.keyValue(meta, "range", Numbers.hex(f.pos()) + " to " + Numbers.hex(f.pos() + f.len()) + " ("
                    + Numbers.grouped(f.len()) + " bytes, pages " + f.pos() / f.pageSize() + "-" + (f.pos() + f.len() - 1) / f.pageSize()
                    + (f.pageSize() == 4096 ? "" : " of " + Numbers.grouped(f.pageSize()) + " bytes") + ")");
        }
        Page.keyValue(meta, "direct " + f.direction(), Numbers.seconds(f.beginTs()) + " to " + Numbers.seconds(f.endTs())
                + " (" + Numbers.duration(f.endTs() - f.beginTs()) + "), " + f.outcome() + ", "
                + (f.aio() ? "async" : "sync") + ", rebuilt from " + f.windowEvidence());
        Page.keyValue(meta, "submitted by", (f.submitComm() == null ? "pid " + f.submitPid() + " (no name in the trace)"
                : f.submitComm() + " (" + f.submitPid() + ")") + ", line " + f.beginLine());
        if (f.completePid() != null) {
            Page.keyValue(meta, "completed by", f.completeComm() + " (" + f.completePid() + "), line " + f.completeLine());
        }
        if (f.relatedWindowId() != null) Page.keyValue(meta, "related window", "window " + f.relatedWindowId());
        Element back = s.appendElement("p").addClass("muted");
        back.appendElement("a").attr("href", "#findings").text("back to the table");
        back.appendText(" \u00b7 ");
        if (!f.blockLayerOnly()) {
            back.appendElement("a").attr("href", "#" + OverviewSection.inodeAnchor(f)).text("race map of this file");
            back.appendText(" \u00b7 ");
        }
        back.appendElement("a").attr("href", "#rule-" + f.rule()).text("the rule and its SQL");

        if (charts != null) charts(s, charts);
        lines(s, f, raw, unavailable.get(f.traceId()), maxLines);
        if (rule != null && charts != null) {
            Element d = s.appendElement("details");
            d.appendElement("summary").text("Rule " + rule.id() + ": " + rule.title());
            d.appendElement("p").text(rule.explanation());
            if (rule.source() != null) d.appendElement("p").addClass("muted").text("Source: " + rule.source());
            d.appendElement("pre").text(rule.sql());
        }
    }

    private static void charts(Element s, WindowCharts.Charts charts) {
        Element div = s.appendElement("div").addClass("charts");
        if (charts.blockOnly()) {
            div.before(new Element("p").addClass("muted").text("This direct write was rebuilt from the block layer "
                    + "alone (the trace has no file events): which file and inode it wrote, what else touched the "
                    + "file and what the page cache held are not in the trace, so it has no race map, task timeline "
                    + "or page-cache chart. The chart shows the block requests the rule compared."));
        } else {
            Page.figure(div, charts.zoom(), "Race map around this window (red: this window)");
            Page.figure(div, charts.tasks(), "Each task's events on this file and its direct I/O (green: the window in "
                    + "flight; red bars: its begin and completion)");
            Page.figure(div, charts.occupancy(), "Pages of the raced range in the page cache (green: the window)");
        }
        Page.figure(div, charts.blockRequests(), "The direct write's bios (red) and the page-cache requests of the same "
                + "sectors, each from its queueing (Q) to its completion (C): rectangles over each other were in flight "
                + "together over the same bytes");
    }

    private static void lines(Element s, Finding f, Map<Long, String> raw, String unavailable, int max) {
        s.appendElement("h4").text("Trace lines");
        Set<Long> wanted = new LinkedHashSet<>();
        wanted.add(f.beginLine());
        f.conflicts().stream().limit(max).forEach(c -> wanted.add(c.line()));
        if (f.completeLine() != null) wanted.add(f.completeLine());
        Element t = s.appendElement("div").addClass("table-wrap").appendElement("table").addClass("raw");
        Page.headerRow(t, "line", "text");
        boolean missing = false;
        for (long line : wanted.stream().sorted().toList()) {
            String text = raw.get(HtmlReport.key(f.traceId(), line));
            if (text == null) missing = true;
            Element tr = Page.row(t, Long.toString(line), text != null ? text
                    : unavailable != null ? "(" + unavailable + ")" : "(the trace file could not be read back)");
            tr.child(0).addClass("num");
            tr.child(1).addClass("text");
            tr.addClass(line == f.beginLine() || (f.completeLine() != null && line == f.completeLine()) ? "window" : "conflict");
        }
        if (f.conflicts().size() > max) {
            s.appendElement("p").addClass("muted").text("First " + max + " of " + f.conflicts().size()
                    + " conflicting events shown; --format json lists them all.");
        }
        if (unavailable != null) {
            s.appendElement("p").addClass("incomplete").text(Character.toUpperCase(unavailable.charAt(0))
                    + unavailable.substring(1) + " (" + f.tracePath() + ").");
        } else if (missing) {
            s.appendElement("p").addClass("muted").text("Some lines could not be read back from " + f.tracePath() + ".");
        }
    }
}
