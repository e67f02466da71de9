package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report -o DIR writes only into a new or empty directory or over an earlier dioscope report. */
class ReportDirectoryTest {
    private static final String CLEAN = TestTraces.path("corpus/xfs-clean.trace.gz").toString();
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDirectoryOfSomethingElseIsRefusedBeforeTheAnalysisAndLeftAlone(@TempDir Path dir) throws Exception {
        Path mine = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(mine.resolve("index.html"), "my own page");
        Files.createDirectory(mine.resolve("img"));
        Files.writeString(mine.resolve("img/photo.png"), "not really a png");
        Cli r = Cli.run("report", CLEAN, "-o", mine.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("dioscope: -o " + mine + ": is not empty and is not a dioscope report; refusing to write into it "
                + "(give a new or empty directory)\n", r.err);
        assertEquals("", r.out, "nothing was loaded");
        assertEquals("my own page", Files.readString(mine.resolve("index.html")));
        assertEquals(List.of("img", "index.html"), names(mine));
        assertEquals(List.of("mine"), names(dir), "no temporary directory left beside it");
        Cli html = Cli.run("analyze", "--html", mine.toString(), CLEAN);
        assertEquals(2, html.exitCode);
        assertTrue(html.err.startsWith("dioscope: --html " + mine + ": is not empty and is not a dioscope report"), html.err);
        Path file = Files.writeString(dir.resolve("notes.txt"), "notes");
        Cli onFile = Cli.run("report", CLEAN, "-o", file.toString());
        assertEquals(2, onFile.exitCode);
        assertEquals("dioscope: -o " + file + ": exists and is not a directory\n", onFile.err);
    }

    @Test
    void anEarlierReportIsReplacedWholeAndAnEmptyDirectoryIsUsed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        assertEquals(1, Cli.run("report", MMAP, "-o", out.toString(), "--charts", "1").exitCode, "findings");
        assertTrue(Files.exists(out.resolve(".dioscope-report")), "the marker");
        String zoom = ReportCommandTest.chartsOfEachFinding(out).get(0).get(0);
        Files.writeString(out.resolve("img/stale.png"), "left by hand");
        Cli again = Cli.run("report", CLEAN, "-o", out.toString());
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("0 finding(s); report written to " + out.resolve("index.html")), again.out);
        assertFalse(Files.exists(out.resolve(zoom)), "the old report is gone, all of it");
        assertFalse(Files.exists(out.resolve("img/stale.png")));
        assertTrue(Files.readString(out.resolve("index.html")).contains("0 finding(s)"));
        assertEquals(List.of("r"), names(dir), "neither the old report nor a temporary directory is left");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Cli r = Cli.run("report", CLEAN, "-o", empty.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertEquals(List.of(".dioscope-report", "img", "index.html"), names(empty));
    }

    @Test
    void aReportThatFailsLeavesTheEarlierOne(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("r");
        assertEquals(0, Cli.run("report", CLEAN, "-o", out.toString()).exitCode);
        String before = Files.readString(out.resolve("index.html"));
        // an input that cannot be read and nothing else: no analysis, no report
        Cli r = Cli.run("report", dir.resolve("missing.trace").toString(), "-o", out.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(before, Files.readString(out.resolve("index.html")));
        assertEquals(List.of("r"), names(dir));
    }
}
