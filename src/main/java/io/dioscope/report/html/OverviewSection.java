package io.dioscope.report.html;

import io.dioscope.report.Analysis;
import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import io.dioscope.report.TraceCoverage;
import io.dioscope.report.chart.ChartData;
import io.dioscope.report.chart.ChartFile;
import io.dioscope.report.chart.ChartWriter;
import io.dioscope.report.chart.OverviewCharts;
import io.dioscope.report.chart.RaceMapChart;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/** Coverage, the overview charts, and one race map per file with findings. */
final class OverviewSection {
    static final int MAX_RACE_MAPS = 20;

    private OverviewSection() {}

    static void coverage(Element body, Analysis a) {
        Element s = body.appendElement("section").attr("id", "coverage");
        s.appendElement("h2").text("Coverage");
        for (Analysis.UnreadInput u : a.unreadInputs()) {
            s.appendElement("p").addClass("incomplete").text("Not analysed: " + u.path() + ": " + u.reason());
        }
        Element t = s.appendElement("table");
        Page.headerRow(t, "trace", "file", "format", "events", "span", "direct writes", "direct reads",
                "windows from", "record");
        for (TraceCoverage c : a.traces()) {
            Element tr = Page.row(t, Integer.toString(c.traceId()), c.path(), c.format(), Numbers.grouped(c.events()),
                    Numbers.seconds(c.firstTs()) + " to " + Numbers.seconds(c.lastTs()) + " (" + Numbers.duration(c.spanNs()) + ")",
                    counts(c.writeWindowsByOutcome()), counts(c.readWindowsByOutcome()), counts(c.windowsByEvidence()), "");
            Element status = tr.child(tr.childrenSize() - 1);
            if (c.complete()) {
                status.addClass("complete").text("complete: nothing lost");
            } else {
                status.addClass("incomplete").text("INCOMPLETE: " + c.incompleteness());
            }
            if (!c.judgeable()) {
                status.appendElement("br");
                status.appendElement("span").addClass("incomplete").text("NOT JUDGEABLE: " + c.unjudgeableSentence());
            }
            if (c.scope() != null) {
                status.appendElement("br");
                status.appendElement("span").addClass("scope").text(c.scope());
            }
            if (c.orphanCompletions() > 0) {
                status.appendElement("br");
                status.appendText(Numbers.grouped(c.orphanCompletions()) + " completion(s) whose begin was lost");
            }
        }
    }

    /** A trace's overview charts: the model's alone, drawn while the rules run ({@link HtmlReport.Drawing}). */
    record TraceCharts(ChartFile latency, ChartFile inFlight) {}

    /** The overview charts of trace {@code traceId}. */
    static TraceCharts traceCharts(ChartData data, int traceId, ChartWriter img) throws Exception {
        List<long[]> spans = data.writeSpans(traceId);
        long untrusted = data.untrustedWrites(traceId);
        String name = "trace " + traceId;
        return new TraceCharts(OverviewCharts.latency(spans, untrusted, "Direct-write latency, " + name, img, "latency-" + traceId),
                OverviewCharts.inFlight(spans, untrusted, "Direct writes in flight, " + name, img, "in-flight-" + traceId));
    }

    /** The overview; {@code drawn} holds the traces' charts drawn ahead (the others are drawn now). */
    static void charts(Element body, Analysis a, Map<Integer, TraceCharts> drawn, ChartData data, ChartWriter img)
            throws Exception {
        Element s = body.appendElement("section").attr("id", "overview");
        s.appendElement("h2").text("Overview");
        Element charts = s.appendElement("div").addClass("charts");
        for (TraceCoverage c : a.traces()) {
            TraceCharts t = drawn.get(c.traceId());
            if (t == null) t = traceCharts(data, c.traceId(), img);
            Page.figure(charts, t.latency(), "How long direct writes were in flight (" + c.path() + ")");
            Page.figure(charts, t.inFlight(), "Direct writes in flight over time (" + c.path() + ")");
        }
        Page.figure(charts, OverviewCharts.perRule(a.findings(), img, "findings-per-rule"), "Findings per rule");
        Page.figure(charts, OverviewCharts.perInode(a.findings(), img, "findings-per-inode"), "Findings per file");
    }

    /** A file's race map, and the first finding of it (which names the file). */
    record RaceMap(Finding first, ChartFile chart) {}

    /** The files with findings, each by its first finding, block-layer findings left out (they have no file). */
    private static Map<String, Finding> files(Analysis a) {
        Map<String, Finding> files = new LinkedHashMap<>();
        for (Finding f : a.findings()) {
            if (!f.blockLayerOnly()) files.putIfAbsent(fileKey(f), f);
        }
        return files;
    }

    /**
     * The race maps of the first {@link #MAX_RACE_MAPS} files with findings, drawn as soon as the rules have run,
     * while the analysis is read back (which leaves a core idle); keyed by {@link #fileKey}. Not when the
     * report will show only some of the findings (a focus): it would draw maps the page does not show.
     */
    static java.util.concurrent.CompletableFuture<Map<String, ChartFile>> raceMapsEarly(Connections connections,
            ChartData.Shared shared, List<Integer> traceIds, ChartWriter img) {
        return OwnConnection.start(connections, shared, "dioscope-race-maps", data -> {
            Map<String, ChartFile> maps = new java.util.HashMap<>();
            for (ChartData.FileWithFindings f : data.filesWithFindings(traceIds, MAX_RACE_MAPS)) {
                maps.put(fileKey(f.traceId(), f.dev(), f.ino()), raceMap(data, f.traceId(), f.dev(), f.ino(),
                        title(f.traceId(), Finding.fileName(f.path(), f.dev(), f.ino())), img));
            }
            return maps;
        });
    }

    /**
     * The race maps of the first {@link #MAX_RACE_MAPS} files with findings: those {@code early} drew (null: none),
     * the others with their data read and their layout made (a second or so on a large trace) on a thread and a
     * connection of their own, while the page's thread builds the findings table.
     */
    static java.util.concurrent.CompletableFuture<List<RaceMap>> raceMapsAhead(Connections connections, ChartData.Shared shared,
            Analysis a, ChartWriter img, java.util.concurrent.CompletableFuture<Map<String, ChartFile>> early) {
        List<Finding> firsts = files(a).values().stream().limit(MAX_RACE_MAPS).toList();
        if (firsts.isEmpty()) return java.util.concurrent.CompletableFuture.completedFuture(List.of());
        var drawn = early != null ? early : java.util.concurrent.CompletableFuture.completedFuture(Map.<String, ChartFile>of());
        return drawn.thenCompose(ready -> {
            List<Finding> missing = firsts.stream().filter(f -> !ready.containsKey(fileKey(f))).toList();
            var rest = missing.isEmpty() ? java.util.concurrent.CompletableFuture.completedFuture(Map.<String, ChartFile>of())
                    : OwnConnection.start(connections, shared, "dioscope-race-maps", data -> {
                        Map<String, ChartFile> maps = new java.util.HashMap<>();
                        for (Finding f : missing) maps.put(fileKey(f), raceMap(data, f.traceId(), f.dev(), f.ino(), title(f), img));
                        return maps;
                    });
            return rest.thenApply(more -> firsts.stream()
                    .map(f -> new RaceMap(f, ready.containsKey(fileKey(f)) ? ready.get(fileKey(f)) : more.get(fileKey(f)))).toList());
        });
    }

    private static ChartFile raceMap(ChartData data, int traceId, String dev, long ino, String title, ChartWriter img)
            throws Exception {
        String name = "race-map-" + traceId + "-" + alphanumeric(dev) + "-" + ino;
        return RaceMapChart.overview(data, traceId, dev, ino, title, img, name);
    }

    private static String fileKey(Finding f) {
        return fileKey(f.traceId(), f.dev(), f.ino());
    }

    private static String fileKey(int traceId, String dev, long ino) {
        return traceId + " " + dev + " " + ino;
    }

    private static String title(Finding f) {
        return title(f.traceId(), f.fileName());
    }

    private static String title(int traceId, String fileName) {
        return "Trace " + traceId + ": " + fileName;
    }

    static void raceMaps(Element body, Analysis a, List<RaceMap> maps) {
        Element s = body.appendElement("section").attr("id", "race-maps");
        s.appendElement("h2").text("Race maps");
        s.appendElement("p").text("Time across, file offset up. Each direct-I/O window is a rectangle from its begin to "
                + "its completion over the bytes it touches (red: a window with a finding). A large file's offsets are "
                + "cut into bands (shaded in turn, their first offset on the axis); inside a band, windows in flight "
                + "together over the same bytes are drawn in lanes of their own (parted by dashed lines, each lane a "
                + "copy of the band's offsets), so no rectangle covers another. Each access to the file inside a window "
                + "is a marker of its kind (the legend under each map) inside that window's rectangle: a marker inside "
                + "a rectangle is a race. Past 2,000 windows, those without a finding are a grey density and the red "
                + "ones are drawn solid on top, never smaller than a few pixels.");
        long blockOnly = a.findings().stream().filter(Finding::blockLayerOnly).count();
        if (blockOnly > 0) {
            s.appendElement("p").addClass("muted").text(Numbers.grouped(blockOnly) + " finding(s) are of direct writes "
                    + "rebuilt from the block layer alone: the trace names no file or inode for them and has no file "
                    + "event to mark, so they have no race map; each one's section draws its block requests instead.");
        }
        for (RaceMap m : maps) {
            Element fig = s.appendElement("div").attr("id", inodeAnchor(m.first()));
            Page.figure(fig, m.chart(), title(m.first()) + " (" + m.first().tracePath() + ")");
        }
        int files = files(a).size();
        if (files > maps.size()) {
            s.appendElement("p").addClass("muted").text((files - maps.size()) + " more file(s) with findings are not drawn.");
        }
    }

    static String inodeAnchor(Finding f) {
        return "file-" + f.traceId() + "-" + alphanumeric(f.dev()) + "-" + f.ino();
    }

    /** {@code s} with every character but ASCII letters and digits replaced by '_' (every finding's section links its file). */
    private static String alphanumeric(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.append(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                ? (char) c : '_'));
        return out.toString();
    }

    private static String counts(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            s.append(s.length() > 0 ? ", " : "").append(Numbers.grouped(e.getValue())).append(' ').append(e.getKey());
        }
        return s.toString();
    }
}
