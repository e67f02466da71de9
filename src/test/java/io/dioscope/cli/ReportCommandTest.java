package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dioscope report and analyze --html write the HTML report. */
class ReportCommandTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    @Test
    void reportWritesTheDirectoryAndSaysWhere(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        Cli r = Cli.run("report", MMAP, "-o", out.toString(), "--charts", "2");
        assertEquals(1, r.exitCode, "findings, as analyze says: " + r);
        assertTrue(r.out.contains("33 finding(s); report written to " + out.resolve("index.html")), r.out);
        assertTrue(r.out.contains("Verdict: FINDINGS (exit 1): 9 finding(s) at or above critical."), r.out);
        List<List<String>> charts = chartsOfEachFinding(out);
        assertEquals(3, charts.get(0).size(), "the zoom, the tasks, the page cache");
        assertEquals(3, charts.get(1).size());
        assertTrue(charts.subList(2, charts.size()).stream().allMatch(List::isEmpty), "--charts 2");
        assertEquals(2, Cli.run("report", MMAP).exitCode, "-o is required");
    }

    @Test
    void reportExitsAsAnalyzeDoes(@TempDir Path dir) throws Exception {
        for (String failOn : new String[] {"critical", "warning", "info"}) {
            Cli analyze = Cli.run("analyze", "--fail-on", failOn, MMAP);
            Cli report = Cli.run("report", "--fail-on", failOn, MMAP, "-o", dir.resolve(failOn).toString(), "--charts", "0");
            assertEquals(analyze.exitCode, report.exitCode, failOn + ": " + report);
        }
        // the fio trace lost events: its uncertain findings count only with --fail-on-uncertain
        String fio = TestTraces.path("corpus/fio/xfs-fio-mixed.trace.gz").toString();
        String db = dir.resolve("fio.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, fio).exitCode);
        for (String[] extra : new String[][] {{}, {"--fail-on-uncertain"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("--db", db));
            args.addAll(List.of(extra));
            Cli analyze = Cli.run(concat("analyze", args));
            List<String> reportArgs = new java.util.ArrayList<>(args);
            reportArgs.addAll(List.of("-o", dir.resolve("fio" + extra.length).toString(), "--charts", "0"));
            Cli report = Cli.run(concat("report", reportArgs));
            assertEquals(analyze.exitCode, report.exitCode, String.join(" ", extra) + ": " + report);
        }
        Cli bad = Cli.run("report", "--fail-on", "fatal", MMAP, "-o", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode);
        assertTrue(bad.err.startsWith("dioscope: --fail-on: "), bad.err);
        assertFalse(Files.exists(dir.resolve("bad")), "refused before anything is written");
    }

    @Test
    void chartsAllDrawsEveryFinding(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("all");
        Cli r = Cli.run("report", MMAP, "-o", out.toString(), "--charts", "all");
        assertEquals(1, r.exitCode, r.toString());
        List<List<String>> charts = chartsOfEachFinding(out);
        assertEquals(33, charts.size());
        for (List<String> c : charts) assertEquals(3, c.size(), "every finding shows its three charts");
        // several rules find the same window: its charts are drawn once and every section of it shows them
        Set<Long> windows = new HashSet<>();
        JsonNode json = new ObjectMapper().readTree(Cli.run("analyze", "--format", "json", MMAP).out);
        for (JsonNode f : json.get("findings")) windows.add(f.get("window").get("window_id").asLong());
        assertTrue(windows.size() < 33, "the sample has findings that share a window");
        assertEquals(windows.size(), charts.stream().map(c -> c.get(0)).distinct().count(), "one zoom per window");
        assertEquals(windows.size(), charts.stream().map(c -> c.get(2)).distinct().count(), "one occupancy per window");
        try (var files = Files.list(out.resolve("img"))) {
            assertEquals(charts.stream().flatMap(List::stream).distinct().count(),
                    files.filter(p -> p.getFileName().toString().startsWith("window-")).count(), "no chart drawn twice");
        }
        Cli word = Cli.run("report", MMAP, "-o", dir.resolve("x").toString(), "--charts", "most");
        assertEquals(2, word.exitCode);
        assertTrue(word.err.startsWith("dioscope: --charts: a number or all, not most\n"), word.err);
    }

    @Test
    void aRaceRepeatedOnOneFileIsChartedThreeTimesByDefault(@TempDir Path dir) throws Exception {
        // a real race of direct reads against mmap stores: 1,222 findings, all of one rule on one file
        String race = TestTraces.path("captured/xfs-dio-read-vs-mmap-race.trace.gz").toString();
        String db = dir.resolve("race.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, race).exitCode);
        Path out = dir.resolve("default");
        assertEquals(0, Cli.run("report", "--db", db, "-o", out.toString()).exitCode, "warnings only");
        List<List<String>> charts = chartsOfEachFinding(out);
        assertEquals(1222, charts.size());
        assertTrue(charts.subList(0, 3).stream().allMatch(c -> c.size() == 3), "the worst three have their charts");
        assertTrue(charts.subList(3, charts.size()).stream().allMatch(List::isEmpty), "the others none");
        org.jsoup.nodes.Document doc = Jsoup.parse(out.resolve("index.html").toFile(), "UTF-8");
        Element fourth = doc.selectFirst("#finding-4");
        assertEquals("No charts: the worst 3 findings of this rule on this file have them (#1, #2, #3; "
                + "--charts-per-rule-file K|all draws more).", fourth.selectFirst("p:contains(No charts)").text());
        assertEquals(List.of("#finding-1", "#finding-2", "#finding-3"),
                fourth.select("p:contains(No charts) a").eachAttr("href"));
        assertTrue(doc.selectFirst("#details").text().contains("Charts are drawn for 3 of the 1,222 findings"));

        Path more = dir.resolve("more");
        assertEquals(0, Cli.run("report", "--db", db, "-o", more.toString(), "--charts", "4",
                "--charts-per-rule-file", "all").exitCode);
        charts = chartsOfEachFinding(more);
        assertTrue(charts.subList(0, 4).stream().allMatch(c -> c.size() == 3), "the worst four");
        assertTrue(charts.subList(4, charts.size()).stream().allMatch(List::isEmpty));
        assertTrue(Jsoup.parse(more.resolve("index.html").toFile(), "UTF-8").select("p:contains(No charts)").isEmpty(),
                "no finding was left out for its rule and file");

        Path one = dir.resolve("one");
        assertEquals(0, Cli.run("report", "--db", db, "-o", one.toString(), "--charts-per-rule-file", "1").exitCode);
        charts = chartsOfEachFinding(one);
        assertEquals(3, charts.get(0).size());
        assertTrue(charts.subList(1, charts.size()).stream().allMatch(List::isEmpty), "one finding of the rule on the file");
        assertEquals("No charts: the worst finding of this rule on this file has them (#1; --charts-per-rule-file K|all "
                + "draws more).", Jsoup.parse(one.resolve("index.html").toFile(), "UTF-8").selectFirst("#finding-2 p:contains(No charts)")
                .text());

        for (String bad : new String[] {"-1", "some"}) {
            Cli r = Cli.run("analyze", "--html", dir.resolve("x").toString(), "--charts-per-rule-file", bad, race);
            assertEquals(2, r.exitCode, r.toString());
            assertTrue(r.err.startsWith("dioscope: --charts-per-rule-file: "
                    + (bad.equals("-1") ? "must be 0 or more, not -1" : "a number or all, not some") + "\n"), r.err);
        }
    }

    /** The chart files each finding's section shows, in the order of the sections; each file exists. */
    static List<List<String>> chartsOfEachFinding(Path report) throws Exception {
        List<List<String>> out = new java.util.ArrayList<>();
        for (Element section : Jsoup.parse(report.resolve("index.html").toFile(), "UTF-8").select("section.finding")) {
            List<String> charts = section.select("img.chart").eachAttr("src");
            for (String c : charts) assertTrue(Files.exists(report.resolve(c)), c);
            out.add(charts);
        }
        return out;
    }

    private static String[] concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray(new String[0]);
    }

    @Test
    void analyzeWithHtmlKeepsItsExitCodeAndReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("h");
        Cli r = Cli.run("analyze", "--format", "json", "--html", out.toString(), MMAP);
        assertEquals(1, r.exitCode);
        assertTrue(r.out.startsWith("{"), "the JSON report still goes to stdout");
        assertTrue(r.err.contains("HTML report: " + out.resolve("index.html")), r.err);
        assertTrue(Files.size(out.resolve("index.html")) > 10_000);
    }
}
