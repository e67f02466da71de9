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
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

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
     * the file alone, is left only the rest to do. The first {@code charted} findings have charts.
     */
    static CompletableFuture<List<String>> ahead(List<Finding> findings, Map<String, Rule> rules,
            CompletableFuture<HtmlReport.Raw> raw, CompletableFuture<List<WindowCharts.Charts>> charts, int charted,
            int maxLines) {
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), findings.size() / MIN_PER_PART));
        List<CompletableFuture<String>> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<Finding> part = findings.subList(findings.size() * p / parts, findings.size() * (p + 1) / parts);
            int first = findings.size() * p / parts;
            CompletableFuture<String> html = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    html.complete(write(part, first, rules, raw.join(), first < charted ? charts.join() : List.of(), maxLines));
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

    /** The sections of findings {@code first}, ... as HTML; finding i's charts are {@code charts.get(i)}. */
    private static String write(List<Finding> part, int first, Map<String, Rule> rules, HtmlReport.Raw raw,
            List<WindowCharts.Charts> charts, int maxLines) {
        // a document of their own, written out as the page is (not indented)
        Document shell = Document.createShell("");
        shell.outputSettings().prettyPrint(false);
        int i = first;
        for (Finding f : part) {
            WindowCharts.Charts c = i < charts.size() ? charts.get(i) : null;
            i++;
            write(shell.body(), f, rules.get(f.rule()), raw.lines(), raw.unavailable(), c, maxLines);
        }
        return shell.body().html();
    }

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
