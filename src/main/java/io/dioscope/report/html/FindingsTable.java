package io.dioscope.report.html;

import io.dioscope.report.Analysis;
import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Every finding in one table, sortable by any column (with the mouse or the keyboard) and filterable
 * by rule, severity, certainty (a finding where the trace lost events is uncertain), the evidence it
 * rests on, file and text.
 */
final class FindingsTable {
    private FindingsTable() {}

    /**
     * The section as HTML, built and turned into text on a thread of its own: on a trace of thousands of
     * findings it is tens of thousands of elements (generic/209 on ext4 with 1 KiB blocks: 3,165 rows, half
     * a second of the page's thread before), built while the page's thread waits for the charts' data.
     */
    static CompletableFuture<String> ahead(Analysis a) {
        CompletableFuture<String> html = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Document shell = Document.createShell("");
                shell.outputSettings().prettyPrint(false);
                write(shell.body(), a);
                html.complete(shell.body().html());
            } catch (RuntimeException | Error e) {
                html.completeExceptionally(e);
            }
        }, "dioscope-findings-table");
        t.setDaemon(true);
        t.start();
        return html;
    }

    static void write(Element body, Analysis a) {
        Element s = body.appendElement("section").attr("id", "findings");
        s.appendElement("h2").text("Findings");
        if (a.findings().isEmpty()) {
            s.appendElement("p").text("No findings.");
        }
        Element filters = s.appendElement("div").addClass("filters");
        Set<String> rules = new LinkedHashSet<>();
        Set<String> inodes = new LinkedHashSet<>();
        Set<String> evidence = new java.util.TreeSet<>();
        for (Finding f : a.findings()) {
            rules.add(f.rule());
            inodes.add(inode(f));
            evidence.add(evidence(f));
        }
        select(filters, "filter-rule", "rule", rules);
        select(filters, "filter-severity", "severity", new LinkedHashSet<>(java.util.List.of("critical", "warning", "info")));
        select(filters, "filter-certain", "certainty", new LinkedHashSet<>(java.util.List.of("certain", "uncertain")));
        select(filters, "filter-evidence", "evidence", new LinkedHashSet<>(evidence));
        select(filters, "filter-inode", "file", inodes);
        filters.appendElement("label").attr("for", "filter-text").text("text");
        filters.appendElement("input").attr("id", "filter-text").attr("type", "search").attr("placeholder", "task, range, ...");
        filters.appendElement("span").attr("id", "filter-count").addClass("muted");

        Element table = s.appendElement("div").addClass("table-wrap").appendElement("table").attr("id", "findings-table");
        Element head = table.appendElement("thead").appendElement("tr");
        String[][] columns = {{"#", "num"}, {"severity", ""}, {"rule", ""}, {"evidence", ""}, {"certain", ""}, {"trace", "num"},
            {"file", ""}, {"range", ""}, {"began (s)", "num"}, {"in flight", "num"}, {"tasks", ""}, {"events", "num"}};
        for (String[] c : columns) {
            // a header is a control: reachable with Tab, sorted with Enter or Space (report.js)
            head.appendElement("th").addClass("sortable").addClass(c[1]).attr("tabindex", "0").attr("aria-sort", "none")
                    .text(c[0]);
        }
        Element tbody = table.appendElement("tbody");
        for (Finding f : a.findings()) {
            Element tr = tbody.appendElement("tr").attr("data-rule", f.rule())
                    .attr("data-severity", f.severity().label()).attr("data-inode", inode(f))
                    .attr("data-certain", f.certain() ? "certain" : "uncertain").attr("data-evidence", evidence(f));
            Element id = tr.appendElement("td").addClass("num").attr("data-sort", Integer.toString(f.id()));
            id.appendElement("a").attr("href", "#finding-" + f.id()).text(Integer.toString(f.id()));
            tr.appendElement("td").addClass(Page.severityClass(f.severity().label()))
                    .attr("data-sort", Integer.toString(2 - f.severity().ordinal())).text(f.severity().label());
            tr.appendElement("td").text(f.rule());
            tr.appendElement("td").text(f.qualifiers());
            tr.appendElement("td").text(f.certain() ? "yes" : "no: " + io.dioscope.report.TextReport.uncertainty(f));
            tr.appendElement("td").addClass("num").text(Integer.toString(f.traceId()));
            tr.appendElement("td").text(inode(f));
            // a block-only window without an extent map has no file offset: its sectors instead
            tr.appendElement("td").addClass("range").attr("data-sort", String.format("%020d", f.knownOffset() != null ? f.pos() : 0))
                    .text(f.knownOffset() != null ? Numbers.hex(f.pos()) + "-" + Numbers.hex(f.pos() + f.len())
                            : f.sector() == null ? "?" : "sectors " + f.sector() + "+" + f.len() / 512);
            tr.appendElement("td").addClass("num").attr("data-sort", Long.toString(f.beginTs()))
                    .text(Numbers.seconds(f.beginTs()));
            tr.appendElement("td").addClass("num").attr("data-sort", Long.toString(f.endTs() - f.beginTs()))
                    .text(Numbers.duration(f.endTs() - f.beginTs()));
            Set<String> tasks = new LinkedHashSet<>();
            tasks.add(f.submitComm() + " (" + f.submitPid() + ")");
            f.conflicts().stream().limit(50).forEach(c -> tasks.add(c.comm() + " (" + c.pid() + ")"));
            tr.appendElement("td").text(String.join(", ", tasks));
            tr.appendElement("td").addClass("num").text(Integer.toString(f.conflicts().size()));
        }
    }

    /** The evidence a finding's rule gives, as the filter offers it. */
    static String evidence(Finding f) {
        return f.evidence() == null ? "none" : f.evidence();
    }

    static String inode(Finding f) {
        if (f.blockLayerOnly()) return f.path() != null ? f.path() : f.dev() + " (block layer)";
        return f.path() != null ? f.path() : f.dev() + " ino " + f.ino();
    }

    private static void select(Element parent, String id, String label, Set<String> values) {
        parent.appendElement("label").attr("for", id).text(label);
        Element sel = parent.appendElement("select").attr("id", id);
        sel.appendElement("option").attr("value", "").text("all");
        for (String v : values) sel.appendElement("option").attr("value", v).text(v);
    }
}
