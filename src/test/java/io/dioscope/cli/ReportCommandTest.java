package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dioscope report and analyze --html write the HTML report. */
class ReportCommandTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    @Test
    void reportWritesTheDirectoryAndSaysWhere(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        Cli r = Cli.run("report", MMAP, "-o", out.toString(), "--charts", "2");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("33 finding(s); report written to " + out.resolve("index.html")), r.out);
        assertTrue(Files.exists(out.resolve("img/finding-1-race-map.png")));
        assertTrue(Files.exists(out.resolve("img/finding-2-tasks.png")));
        assertTrue(!Files.exists(out.resolve("img/finding-3-tasks.png")), "--charts 2");
        assertEquals(2, Cli.run("report", MMAP).exitCode, "-o is required");
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
