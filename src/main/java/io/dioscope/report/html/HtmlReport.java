package io.dioscope.report.html;

import io.dioscope.report.Analysis;
import io.dioscope.report.ConflictEvent;
import io.dioscope.report.Finding;
import io.dioscope.report.TraceCoverage;
import io.dioscope.report.chart.ChartData;
import io.dioscope.report.chart.ChartFile;
import io.dioscope.report.chart.ChartWarmUp;
import io.dioscope.report.chart.ChartWriter;
import io.dioscope.rules.Rule;
import io.dioscope.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;

/**
 * The report a person opens in a browser: a self-contained directory (index.html and img/) with
 * coverage, a sortable and filterable findings table, charts made with JFreeChart, and a section
 * per finding with its sentence, its charts, its raw trace lines and its rule. No network access;
 * every string from a trace goes through jsoup, which escapes it.
 */
public final class HtmlReport {
    /**
     * @param chartedFindings how many of the worst findings get their own charts
     * @param chartsPerRuleFile how many of them may be of one rule on one file (see {@link ChartedFindings})
     */
    public record Options(int chartedFindings, int chartsPerRuleFile, int rawLinesPerFinding) {}

    /**
     * Written into every report directory: what tells {@code report -o DIR} that DIR holds an earlier
     * dioscope report it may replace, and not files of the user's.
     */
    public static final String MARKER = ".dioscope-report";

    private HtmlReport() {}

    public static Path write(Database db, Analysis analysis, List<Rule> rules, Path dir, Options options)
            throws Exception {
        return write(db, analysis, rules, dir, options, new StageTimes());
    }

    /** As {@link #write(Database, Analysis, List, Path, Options)}, timing each stage into {@code times}. */
    public static Path write(Database db, Analysis analysis, List<Rule> rules, Path dir, Options options,
            StageTimes times) throws Exception {
        try (Drawing drawing = start(db, dir)) {
            drawing.modelBuilt(analysis.traces().stream().map(TraceCoverage::traceId).toList());
            return drawing.write(analysis, rules, options, times);
        }
    }

    /**
     * Starts a report in {@code dir} on a database whose analysis is under way: {@link Drawing#loaded} once the
     * traces are loaded, {@link Drawing#modelBuilt} once the model is built, {@link Drawing#rulesRun} once the
     * rules have run, {@link Drawing#write} once the analysis is read.
     */
    public static Drawing start(Database db, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), "A dioscope HTML report: dioscope replaces this directory (all of it) "
                + "when asked to write a report here.\n", StandardCharsets.UTF_8);
        return new Drawing(db, dir, ChartWriter.into(dir.resolve("img")));
    }

    /**
     * A report being drawn. The charts of the model alone (each trace's direct-write latency and writes
     * in flight) need no finding: {@link #modelBuilt} reads and draws them beside the rules, which run
     * on one core on a small trace.
     */
    public static final class Drawing implements AutoCloseable {
        private final Database db;
        private final Path dir;
        private final ChartWriter img;
        private final Connections connections;
        private CompletableFuture<Map<Integer, OverviewSection.TraceCharts>> traceCharts = CompletableFuture.completedFuture(Map.of());
        private List<Integer> traceIds;
        /** What the charts read once for the whole page, from when the rules have run. */
        private ChartData.Shared shared;
        /** The race maps drawn as soon as the rules have run, or null. */
        private CompletableFuture<Map<String, ChartFile>> raceMaps;

        private Drawing(Database db, Path dir, ChartWriter img) {
            this.db = db;
            this.dir = dir;
            this.img = img;
            this.connections = new Connections(db);
        }

        /**
         * The traces are loaded: starts Java2D on a thread of its own ({@link ChartWarmUp}) while the model is
         * built. Not sooner: loading a trace keeps both cores of a small machine busy (parsing, DuckDB storing
         * the rows, the JIT), and a warm-up beside it made the load 0.1 s longer; building the model on a small
         * trace leaves a core idle.
         */
        public void loaded() {
            ChartWarmUp.start();
        }

        /** The model is built: draws the overview charts of the traces {@code traceIds} (null: every trace). */
        public void modelBuilt(List<Integer> traceIds) {
            this.traceIds = traceIds;
            // the race maps' thread and the charted findings' (one per core) start when the rules have run
            connections.openAhead(1 + Runtime.getRuntime().availableProcessors());
            // drawn while the rules run: nothing it reads may be shared with what is read once they have
            traceCharts = OwnConnection.start(connections, new ChartData.Shared(), "dioscope-trace-charts", data -> {
                List<Integer> ids = traceIds;
                if (ids == null) ids = data.traceIds();
                Map<Integer, OverviewSection.TraceCharts> out = new HashMap<>();
                for (int id : ids) out.put(id, OverviewSection.traceCharts(data, id, img));
                return out;
            });
        }

        /**
         * The rules have run: the files with findings and the windows that have them are known, and the race maps
         * are drawn while the analysis is read back (one thread reading it, a core idle on a small machine),
         * unless {@code every} is false: the page will show only some of the findings (a focus).
         */
        public void rulesRun(boolean every) {
            shared = new ChartData.Shared();
            if (every) raceMaps = OverviewSection.raceMapsEarly(connections, shared, traceIds, img);
        }

        /** Writes the page of {@code analysis} and waits for its last chart; the page's index.html. */
        public Path write(Analysis analysis, List<Rule> rules, Options options, StageTimes times) throws Exception {
            ChartData.Shared shared = this.shared != null ? this.shared : new ChartData.Shared();
            try (ChartData data = new ChartData(db.connection(), shared)) {
                Path index = HtmlReport.write(db, connections, shared, analysis, rules, dir, options, img, data, traceCharts,
                        raceMaps, times);
                img.finish();
                times.lap("waiting for the last charts");
                return index;
            }
        }

        @Override
        public void close() {
            img.close();
            connections.close();
        }
    }

    private static Path write(Database db, Connections connections, ChartData.Shared shared, Analysis analysis, List<Rule> rules, Path dir,
            Options options, ChartWriter img, ChartData data, CompletableFuture<Map<Integer, OverviewSection.TraceCharts>> traceCharts,
            CompletableFuture<Map<String, ChartFile>> earlyRaceMaps,
            StageTimes times) throws Exception {
        Map<String, Rule> ruleById = new HashMap<>();
        for (Rule r : rules) ruleById.put(r.id(), r);

        Document doc = Document.createShell("");
        doc.prependChild(new DocumentType("html", "", ""));
        doc.selectFirst("html").attr("lang", "en");
        doc.head().appendElement("meta").attr("charset", "utf-8");
        doc.head().appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        doc.title("dioscope report");
        doc.head().appendElement("style").appendChild(new DataNode(resource("report/report.css")));
        doc.head().appendElement("noscript").appendElement("style").appendChild(new DataNode(FindingsTable.WITHOUT_SCRIPTS));
        Element body = doc.body();
        body.appendElement("h1").text("dioscope report");
        body.appendElement("p").addClass("muted").text(analysis.traces().size() + " trace(s), "
                + analysis.findings().size() + " finding(s); generated "
                + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        Element nav = body.appendElement("nav");
        for (String[] link : new String[][] {{"#coverage", "Coverage"}, {"#overview", "Overview"},
                {"#findings", "Findings"}, {"#race-maps", "Race maps"}, {"#details", "Each finding"}, {"#rules", "Rules"}}) {
            nav.appendElement("a").attr("href", link[0]).text(link[1]);
        }

        // reading the lines back (decompressing the trace up to the last one) overlaps the charts
        CompletableFuture<String> table = FindingsTable.ahead(analysis);
        CompletableFuture<Raw> reading = rawLines(db, analysis, options);
        ChartedFindings charted = ChartedFindings.choose(analysis.findings(), options.chartedFindings(),
                options.chartsPerRuleFile());
        CompletableFuture<List<WindowCharts.Charts>> findingCharts = WindowCharts.ahead(connections, shared,
                charted.findings(), img);
        CompletableFuture<List<OverviewSection.RaceMap>> raceMaps = OverviewSection.raceMapsAhead(connections, shared, analysis, img,
                earlyRaceMaps);
        CompletableFuture<List<String>> sections = FindingSection.ahead(analysis.findings(), ruleById, reading, findingCharts,
                charted, options.rawLinesPerFinding());
        OverviewSection.coverage(body, analysis);
        Map<Integer, OverviewSection.TraceCharts> drawn = OwnConnection.joined(traceCharts);
        times.lap("waiting for the overview charts");
        OverviewSection.charts(body, analysis, drawn, data, img);
        times.lap("coverage and overview charts");
        body.appendChild(new DataNode(OwnConnection.joined(table)));
        times.lap("findings table");
        OverviewSection.raceMaps(body, analysis, OwnConnection.joined(raceMaps));
        times.lap("race maps");
        BlockLatencySection.write(body, db.connection(), img);
        times.lap("block latency");

        Element details = body.appendElement("section").attr("id", "details");
        details.appendElement("h2").text("Each finding");
        for (String part : OwnConnection.joined(sections)) details.appendChild(new DataNode(part));
        times.lap("waiting for the finding sections");
        String uncharted = charted.note();
        if (uncharted != null) details.appendElement("p").addClass("muted").text(uncharted);
        RulesSection.write(body, analysis, rules);
        body.appendElement("script").appendChild(new DataNode(resource("report/report.js")));
        Path index = dir.resolve("index.html");
        doc.outputSettings().prettyPrint(false);
        times.lap("rules");
        // streamed: the page of a big trace is megabytes, not worth holding as one string first
        try (Utf8Output out = new Utf8Output(Files.newOutputStream(index))) {
            doc.html(out).append('\n');
        }
        times.lap("writing index.html");
        return index;
    }

    /**
     * Raw lines the sections show, keyed by trace id * 2^40 + line; for a trace whose file is gone or
     * changed since it was loaded, why in {@code unavailable}.
     */
    record Raw(Map<Long, String> lines, Map<Integer, String> unavailable) {}

    /** The raw lines, read once per trace file on another thread (the database is read here, before). */
    private static CompletableFuture<Raw> rawLines(Database db, Analysis analysis, Options options) throws SQLException {
        Map<Integer, Set<Long>> wanted = new HashMap<>();
        Map<Integer, String> paths = new HashMap<>();
        for (Finding f : analysis.findings()) {
            Set<Long> lines = wanted.computeIfAbsent(f.traceId(), k -> new HashSet<>());
            paths.put(f.traceId(), f.tracePath());
            lines.add(f.beginLine());
            if (f.completeLine() != null) lines.add(f.completeLine());
            List<ConflictEvent> conflicts = f.conflicts();
            for (int i = 0; i < Math.min(conflicts.size(), options.rawLinesPerFinding()); i++) lines.add(conflicts.get(i).line());
        }
        Map<Integer, Long> bytes = new HashMap<>();
        Map<Integer, String> hashes = new HashMap<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT trace_id, file_bytes, content_sha256 FROM traces")) {
            while (rs.next()) {
                bytes.put(rs.getInt(1), (Long) rs.getObject(2));
                hashes.put(rs.getInt(1), rs.getString(3));
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            Map<Long, String> out = new HashMap<>();
            Map<Integer, String> unavailable = new HashMap<>();
            for (Map.Entry<Integer, Set<Long>> e : wanted.entrySet()) {
                int id = e.getKey();
                RawLines.Result r = RawLines.read(Path.of(paths.get(id)), bytes.get(id), hashes.get(id), e.getValue());
                r.lines().forEach((line, text) -> out.put(key(id, line), text));
                if (r.unavailable() != null) unavailable.put(id, r.unavailable());
            }
            return new Raw(out, unavailable);
        });
    }

    static long key(int traceId, long line) {
        return ((long) traceId << 40) | line;
    }

    private static String resource(String name) throws IOException {
        try (var in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
