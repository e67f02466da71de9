package io.dioscope.report.html;

import io.dioscope.report.Analysis;
import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Every finding in one table, sortable by any column (with the mouse or the keyboard) and filterable
 * by rule, severity, certainty (a finding where the trace lost events is uncertain), the evidence it
 * rests on, file and text.
 */
final class FindingsTable {
    /**
     * Rows listed before the reader asks for all: a browser lays out every row of a table it shows, and
     * generic/209's 3,165 rows took headless Chromium 1.6 s on a 2-core machine, 500 of them a quarter of
     * that. The filters and the sort still go through every row, and show the first {@code FIRST_ROWS} of what
     * they keep; without scripts every row is shown.
     */
    static final int FIRST_ROWS = 500;

    /** Shows the rows past the first without scripts, which would otherwise never show them (for the page's head). */
    static final String WITHOUT_SCRIPTS = "#findings-table tr[hidden] { display: table-row; } #findings-more { display: none; }";

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

        Element table = s.appendElement("div").addClass("table-wrap").appendElement("table").attr("id", "findings-table")
                .attr("data-first", Integer.toString(FIRST_ROWS));
        Element head = table.appendElement("thead").appendElement("tr");
        String[][] columns = {{"#", "num"}, {"severity", ""}, {"rule", ""}, {"evidence", ""}, {"certain", ""}, {"trace", "num"},
            {"file", ""}, {"range", ""}, {"began (s)", "num"}, {"in flight", "num"}, {"tasks", ""}, {"events", "num"}};
        for (String[] c : columns) {
            // a header is a control: reachable with Tab, sorted with Enter or Space (report.js)
            head.appendElement("th").addClass("sortable").addClass(c[1]).attr("tabindex", "0").attr("aria-sort", "none")
                    .text(c[0]);
        }
        // the rows as text: thousands of them are most of the page's elements (Markup)
        Markup rows = new Markup();
        int row = 0;
        for (Finding f : a.findings()) {
            // an attribute whose value is null is left out: the first rows are not hidden
            rows.open("tr", "data-rule", f.rule(), "data-severity", f.severity().label(), "data-inode", inode(f),
                    "data-certain", f.certain() ? "certain" : "uncertain", "data-evidence", evidence(f),
                    "hidden", row++ < FIRST_ROWS ? null : "");
            rows.open("td", "class", "num", "data-sort", Integer.toString(f.id()))
                    .element("a", Integer.toString(f.id()), "href", "#finding-" + f.id()).close("td");
            rows.element("td", f.severity().label(), "class", Page.severityClass(f.severity().label()),
                    "data-sort", Integer.toString(2 - f.severity().ordinal()));
            rows.element("td", f.rule());
            rows.element("td", f.qualifiers());
            rows.element("td", f.certain() ? "yes" : "no: " + io.dioscope.report.TextReport.uncertainty(f));
            rows.element("td", Integer.toString(f.traceId()), "class", "num");
            rows.element("td", inode(f));
            // a block-only window without an extent map has no file offset: its sectors instead
            rows.element("td", f.knownOffset() != null ? Numbers.hex(f.pos()) + "-" + Numbers.hex(f.pos() + f.len())
                    : f.sector() == null ? "?" : "sectors " + f.sector() + "+" + f.len() / 512,
                    "class", "range", "data-sort", sortKey(f.knownOffset() != null ? f.pos() : 0));
            rows.element("td", Numbers.seconds(f.beginTs()), "class", "num", "data-sort", Long.toString(f.beginTs()));
            rows.element("td", Numbers.duration(f.endTs() - f.beginTs()), "class", "num",
                    "data-sort", Long.toString(f.endTs() - f.beginTs()));
            Set<String> tasks = new LinkedHashSet<>();
            tasks.add(f.submitComm() + " (" + f.submitPid() + ")");
            f.conflicts().stream().limit(50).forEach(c -> tasks.add(c.comm() + " (" + c.pid() + ")"));
            rows.element("td", String.join(", ", tasks));
            rows.element("td", Integer.toString(f.conflicts().size()), "class", "num");
            rows.close("tr");
        }
        table.appendElement("tbody").appendChild(new DataNode(rows.toString()));
        if (a.findings().size() > FIRST_ROWS) {
            // report.js keeps its sentence and its button up to date with the filters
            Element more = s.appendElement("p").attr("id", "findings-more").addClass("muted");
            more.appendElement("span").attr("id", "findings-more-text").text("The first " + FIRST_ROWS + " of "
                    + Numbers.grouped(a.findings().size()) + " findings are listed; the filters and the sort go through all of them. ");
            more.appendElement("button").attr("type", "button").attr("id", "findings-show-all")
                    .text("Show all " + Numbers.grouped(a.findings().size()));
        }
    }

    /** A non-negative offset as twenty digits, which sort as text as the numbers do. */
    static String sortKey(long offset) {
        String digits = Long.toString(offset);
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
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
