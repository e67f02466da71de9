package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        assertTrue(Files.exists(out.resolve("img/finding-1-race-map.svg")));
        assertTrue(Files.exists(out.resolve("img/finding-2-tasks.svg")));
        assertTrue(!Files.exists(out.resolve("img/finding-3-tasks.svg")), "--charts 2");
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
        for (int i = 1; i <= 33; i++) assertTrue(Files.exists(out.resolve("img/finding-" + i + "-race-map.svg")), "#" + i);
        Cli word = Cli.run("report", MMAP, "-o", dir.resolve("x").toString(), "--charts", "most");
        assertEquals(2, word.exitCode);
        assertTrue(word.err.startsWith("dioscope: --charts: a number or all, not most\n"), word.err);
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
