package io.dioscope.report.html;

import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import io.dioscope.rules.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** One finding: its sentence, its window, its charts (for the worst ones), its trace lines, its rule. */
final class FindingSection {
    /** Fewer findings than this are written by one thread: a thread more would not pay for itself. */
    static final int MIN_PER_PART = 100;

    private FindingSection() {}

    /**
     * The sections of {@code findings}, in order, as HTML, written ahead: in as many parts as there are
     * cores (of at least {@link #MIN_PER_PART} findings each), each built and turned into text on a thread
     * of its own as soon as the trace lines are read (and, for a part with some of the worst findings, their
     * charts drawn). The sections are most of a big report's page, so the page's own thread, which writes
     * the file alone, is left only the rest to do. {@code charts} are those of {@code charted}, in its order.
     */
    static CompletableFuture<List<String>> ahead(List<Finding> findings, Map<String, Rule> rules,
            CompletableFuture<HtmlReport.Raw> raw, CompletableFuture<List<WindowCharts.Charts>> charts,
            ChartedFindings charted, int maxLines) {
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), findings.size() / MIN_PER_PART));
        List<CompletableFuture<String>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<Finding> part = findings.subList(findings.size() * p / parts, findings.size() * (p + 1) / parts);
            int first = findings.size() * p / parts;
            boolean drawn = charted.anyBetween(first, first + part.size());
            CompletableFuture<String> html = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    html.complete(write(part, rules, raw.join(), charted, drawn ? charts.join() : List.of(), maxLines));
                } catch (CompletionException e) {
                    html.completeExceptionally(e.getCause());
                } catch (RuntimeException | Error e) {
                    html.completeExceptionally(e);
                }
            }, "dioscope-sections-" + p);
            t.setDaemon(true);
            t.start();
            out.add(html);
        }
        return CompletableFuture.allOf(out.toArray(CompletableFuture[]::new))
                .thenApply(v -> out.stream().map(CompletableFuture::join).toList());
    }

    /** The sections of {@code part} as HTML; the charts of {@code charted}'s finding i are {@code charts.get(i)}. */
    private static String write(List<Finding> part, Map<String, Rule> rules, HtmlReport.Raw raw, ChartedFindings charted,
            List<WindowCharts.Charts> charts, int maxLines) {
        Markup m = new Markup();
        for (Finding f : part) {
            int i = charted.position(f);
            write(m, f, rules.get(f.rule()), raw.lines(), raw.unavailable(), i >= 0 ? charts.get(i) : null,
                    charted.chartedInstead(f), maxLines);
        }
        return m.toString();
    }

    /**
     * {@code f}'s section; {@code chartedInstead}: the charted findings of its rule on its file, when it has no
     * charts because they are as many as a rule and file may have.
     */
    static void write(Markup m, Finding f, Rule rule, Map<Long, String> raw, Map<Integer, String> unavailable,
            WindowCharts.Charts charts, List<Integer> chartedInstead, int maxLines) {
        m.open("section", "class", "finding", "id", "finding-" + f.id());
        m.open("h3").element("span", f.severity().label().toUpperCase(), "class", Page.severityClass(f.severity().label()));
        m.text(" " + f.rule() + (f.qualifiers().isEmpty() ? "" : " (" + f.qualifiers() + ")") + " \u2014 #" + f.id()).close("h3");
        m.element("p", f.message(), "class", "sentence");
        if (!f.certain()) {
            m.element("p", "Uncertain (" + io.dioscope.report.TextReport.uncertainty(f)
                    + "): this window's completion may be another attempt's, or its order against other events "
                    + "cannot be trusted, and some of what happened inside it may be missing.", "class", "incomplete");
        }
        m.open("table");
        m.keyValue("trace", f.traceId() + ": " + f.tracePath());
        if (f.blockLayerOnly()) {
            // the block layer names no inode, and a file offset only through extent maps: the sentence says it
            m.keyValue("device", f.fileName() + " (" + Numbers.grouped(f.len()) + " bytes; no inode in the trace)");
            if (f.knownOffset() != null) {
                m.keyValue("range", Numbers.hex(f.pos()) + " to " + Numbers.hex(f.pos() + f.len()) + " of the file, by its extent map");
            }
        } else {
            m.keyValue("file", f.fileName());
            m.keyValue("range", Numbers.hex(f.pos()) + " to " + Numbers.hex(f.pos() + f.len()) + " ("
                    + Numbers.grouped(f.len()) + " bytes, pages " + f.pos() / f.pageSize() + "-" + (f.pos() + f.len() - 1) / f.pageSize()
                    + (f.pageSize() == 4096 ? "" : " of " + Numbers.grouped(f.pageSize()) + " bytes") + ")");
        }
        m.keyValue("direct " + f.direction(), Numbers.seconds(f.beginTs()) + " to " + Numbers.seconds(f.endTs())
                + " (" + Numbers.duration(f.endTs() - f.beginTs()) + "), " + f.outcome() + ", "
                + (f.aio() ? "async" : "sync") + ", rebuilt from " + f.windowEvidence());
        m.keyValue("submitted by", (f.submitComm() == null ? "pid " + f.submitPid() + " (no name in the trace)"
                : f.submitComm() + " (" + f.submitPid() + ")") + ", line " + f.beginLine());
        if (f.completePid() != null) {
            m.keyValue("completed by", f.completeComm() + " (" + f.completePid() + "), line " + f.completeLine());
        }
        if (f.relatedWindowId() != null) m.keyValue("related window", "window " + f.relatedWindowId());
        m.close("table");
        m.open("p", "class", "muted").element("a", "back to the table", "href", "#findings").text(" \u00b7 ");
        if (!f.blockLayerOnly()) {
            m.element("a", "race map of this file", "href", "#" + OverviewSection.inodeAnchor(f)).text(" \u00b7 ");
        }
        m.element("a", "the rule and its SQL", "href", "#rule-" + f.rule()).close("p");

        if (charts != null) charts(m, charts);
        if (!chartedInstead.isEmpty()) chartedInstead(m, chartedInstead);
        lines(m, f, raw, unavailable.get(f.traceId()), maxLines);
        if (rule != null && charts != null) {
            m.open("details").element("summary", "Rule " + rule.id() + ": " + rule.title());
            m.element("p", rule.explanation());
            if (rule.source() != null) m.element("p", "Source: " + rule.source(), "class", "muted");
            m.element("pre", rule.sql()).close("details");
        }
        m.close("section");
    }

    private static void charts(Markup m, WindowCharts.Charts charts) {
        if (charts.blockOnly()) {
            m.element("p", "This direct write was rebuilt from the block layer "
                    + "alone (the trace has no file events): which file and inode it wrote, what else touched the "
                    + "file and what the page cache held are not in the trace, so it has no race map, task timeline "
                    + "or page-cache chart. The chart shows the block requests the rule compared.", "class", "muted");
        }
        m.open("div", "class", "charts");
        if (!charts.blockOnly()) {
            Page.figure(m, charts.zoom(), "Race map around this window (red: this window)");
            Page.figure(m, charts.tasks(), "Each task's events on this file and its direct I/O (green: the window in "
                    + "flight; red bars: its begin and completion)");
            Page.figure(m, charts.occupancy(), "Pages of the raced range in the page cache (green: the window)");
        }
        Page.figure(m, charts.blockRequests(), "The direct write's bios (red) and the page-cache requests of the same "
                + "sectors, each from its queueing (Q) to its completion (C): rectangles over each other were in flight "
                + "together over the same bytes");
        m.close("div");
    }

    private static void chartedInstead(Markup m, List<Integer> ids) {
        m.open("p", "class", "muted").text(ids.size() == 1 ? "No charts: the worst finding of this rule on this file has them ("
                : "No charts: the worst " + ids.size() + " findings of this rule on this file have them (");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) m.text(", ");
            m.element("a", "#" + ids.get(i), "href", "#finding-" + ids.get(i));
        }
        m.text("; --charts-per-rule-file K|all draws more).").close("p");
    }

    private static void lines(Markup m, Finding f, Map<Long, String> raw, String unavailable, int max) {
        m.element("h4", "Trace lines");
        Set<Long> wanted = new LinkedHashSet<>();
        wanted.add(f.beginLine());
        f.conflicts().stream().limit(max).forEach(c -> wanted.add(c.line()));
        if (f.completeLine() != null) wanted.add(f.completeLine());
        m.open("div", "class", "table-wrap").open("table", "class", "raw");
        m.open("tr").element("th", "line").element("th", "text").close("tr");
        boolean missing = false;
        for (long line : wanted.stream().sorted().toList()) {
            String text = raw.get(HtmlReport.key(f.traceId(), line));
            if (text == null) missing = true;
            boolean window = line == f.beginLine() || (f.completeLine() != null && line == f.completeLine());
            m.open("tr", "class", window ? "window" : "conflict").element("td", Long.toString(line), "class", "num");
            m.element("td", text != null ? text : unavailable != null ? "(" + unavailable + ")"
                    : "(the trace file could not be read back)", "class", "text").close("tr");
        }
        m.close("table").close("div");
        if (f.conflicts().size() > max) {
            m.element("p", "First " + max + " of " + f.conflicts().size()
                    + " conflicting events shown; --format json lists them all.", "class", "muted");
        }
        if (unavailable != null) {
            m.element("p", Character.toUpperCase(unavailable.charAt(0)) + unavailable.substring(1) + " (" + f.tracePath()
                    + ").", "class", "incomplete");
        } else if (missing) {
            m.element("p", "Some lines could not be read back from " + f.tracePath() + ".", "class", "muted");
        }
    }
}
