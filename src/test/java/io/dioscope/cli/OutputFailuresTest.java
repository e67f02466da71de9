package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Output that cannot be written is a failure (one line, exit 2), never exit 0 with nothing said; and
 * what can be checked about the options and the output path is checked before the analysis runs.
 */
class OutputFailuresTest {
    private static final String CLEAN = TestTraces.path("corpus/xfs-clean.trace.gz").toString();
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    /** The command line with its standard output going to {@code stdout} (a file, a device). */
    private static Cli.Result runTo(String stdout, String... args) throws Exception {
        StringWriter err = new StringWriter();
        try (FileOutputStream out = new FileOutputStream(stdout)) {
            int code = Main.run(StdoutWriter.over(out), new PrintWriter(err), args);
            return new Cli.Result(code, err.toString());
        }
    }

    private static void assertOneLine(String err) {
        assertTrue(err.startsWith("dioscope: ") && err.endsWith("\n") && err.indexOf('\n') == err.length() - 1,
                "one line on stderr: " + err);
    }

    private static boolean devFull() {
        return Files.isWritable(Path.of("/dev/full"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "csv", "junit"})
    void aReportToAFullDeviceIsExit2WithTheReason(String format) throws Exception {
        assumeTrue(devFull(), "needs /dev/full");
        Cli r = Cli.run("analyze", "--format", format, "-o", "/dev/full", CLEAN);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.endsWith("dioscope: -o /dev/full: cannot write the report: No space left on device\n"), r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "json", "csv", "junit"})
    void aReportToAFullStandardOutputIsExit2WithTheReason(String format) throws Exception {
        assumeTrue(devFull(), "needs /dev/full");
        Cli.Result r = runTo("/dev/full", "analyze", "--format", format, MMAP);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().endsWith("dioscope: cannot write the report to standard output: No space left on device\n"),
                r.err());
    }

    @Test
    void otherCommandsWritingToAFullStandardOutputFailToo(@TempDir Path dir) throws Exception {
        assumeTrue(devFull(), "needs /dev/full");
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, CLEAN).exitCode);
        for (String format : List.of("table", "csv", "json")) {
            Cli.Result q = runTo("/dev/full", "query", "--db", db, "--format", format, "SELECT * FROM events");
            assertEquals(2, q.exitCode(), format + ": " + q.err());
            assertEquals("dioscope: cannot write to standard output: No space left on device\n", q.err());
        }
        Cli.Result rules = runTo("/dev/full", "rules");
        assertEquals(2, rules.exitCode());
        assertEquals("dioscope: cannot write to standard output: No space left on device\n", rules.err());
        Cli.Result report = runTo("/dev/full", "report", CLEAN, "-o", dir.resolve("r").toString());
        assertEquals(2, report.exitCode(), report.err());
        assertTrue(report.err().endsWith("dioscope: cannot write to standard output: No space left on device\n"),
                report.err());
    }

    @Test
    void anExistingOutputFileIsReplacedWhole(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report.json");
        Files.writeString(out, "an older report, much longer than the new one will be ".repeat(2000));
        Cli r = Cli.run("analyze", "--format", "json", "-o", out.toString(), CLEAN);
        assertEquals(0, r.exitCode, r.toString());
        String json = Files.readString(out);
        assertTrue(json.startsWith("{") && json.endsWith("}\n") && !json.contains("an older report"), json);
        Cli again = Cli.run("analyze", "-o", out.toString(), CLEAN);
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(Files.readString(out).startsWith("Coverage\n"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file left beside it");
        }
    }

    @Test
    void aMissingDirectoryIsRefusedBeforeTheAnalysis(@TempDir Path dir) {
        Path out = dir.resolve("missing/report.txt");
        Cli r = Cli.run("analyze", "-o", out.toString(), CLEAN);
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("dioscope: -o " + out + ": directory " + out.getParent() + " does not exist\n", r.err);
        assertEquals("", r.out, "nothing was loaded");
    }

    @Test
    void aDirectoryOrAnInputIsNotAnOutputFile(@TempDir Path dir) throws Exception {
        Cli d = Cli.run("analyze", "-o", dir.toString(), CLEAN);
        assertEquals(2, d.exitCode);
        assertEquals("dioscope: -o " + dir + ": is a directory (give a file name)\n", d.err);
        Path trace = Files.copy(Path.of(CLEAN), dir.resolve("t.trace.gz"));
        Cli in = Cli.run("analyze", "-o", trace.toString(), trace.toString());
        assertEquals(2, in.exitCode);
        assertEquals("dioscope: -o " + trace + ": is an input (" + trace + "); it would be overwritten\n", in.err);
        assertEquals(Files.size(Path.of(CLEAN)), Files.size(trace), "the trace is untouched");
    }

    @Test
    void aDirectoryThatTakesNoNewFileIsRefusedBeforeTheAnalysis(@TempDir Path dir) throws Exception {
        // /proc takes no new file, even for root
        Cli proc = Cli.run("analyze", "-o", "/proc/dioscope-report.txt", CLEAN);
        assertEquals(2, proc.exitCode, proc.toString());
        assertOneLine(proc.err);
        assertTrue(proc.err.startsWith("dioscope: -o /proc/dioscope-report.txt: cannot create a file in /proc: "), proc.err);
        assertEquals("", proc.out);
        // a read-only directory stops everyone but root
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeTrue(!Files.isWritable(ro), "root writes into read-only directories");
            Cli r = Cli.run("analyze", "-o", ro.resolve("r.txt").toString(), CLEAN);
            assertEquals(2, r.exitCode);
            assertEquals("dioscope: -o " + ro.resolve("r.txt") + ": cannot create a file in " + ro
                    + ": permission denied\n", r.err);
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void negativeCountsAreUsageErrors() {
        String analyze = "Usage: dioscope analyze [OPTIONS] [TRACE...]\nsee 'dioscope analyze --help'\n";
        Cli top = Cli.run("analyze", "--top", "-1", CLEAN);
        assertEquals(2, top.exitCode);
        assertEquals("dioscope: --top: must be 0 or more, not -1\n" + analyze, top.err);
        assertEquals("", top.out, "refused before loading");
        Cli charts = Cli.run("analyze", "--html", "x", "--charts", "-1", CLEAN);
        assertEquals(2, charts.exitCode);
        assertEquals("dioscope: --charts: must be 0 or more, not -1\n" + analyze, charts.err);
        Cli report = Cli.run("report", "-o", "x", "--charts", "-1", CLEAN);
        assertEquals(2, report.exitCode);
        assertEquals("dioscope: --charts: must be 0 or more, not -1\n"
                + "Usage: dioscope report [OPTIONS] [TRACE...]\nsee 'dioscope report --help'\n", report.err);
        Cli threads = Cli.run("load", "--threads", "0", CLEAN);
        assertEquals(2, threads.exitCode);
        assertEquals("dioscope: --threads: must be 1 or more, not 0\n"
                + "Usage: dioscope load [OPTIONS] TRACE...\nsee 'dioscope load --help'\n", threads.err);
        assertFalse(Files.exists(Path.of("x")), "no report directory made");
    }

    @Test
    void aDatabaseInAMissingDirectoryIsAUsageError(@TempDir Path dir) {
        Path db = dir.resolve("missing/t.db");
        Cli r = Cli.run("analyze", "--db", db.toString(), CLEAN);
        assertEquals(2, r.exitCode);
        assertEquals("dioscope: --db " + db + ": directory " + db.getParent() + " does not exist\n", r.err);
        Cli load = Cli.run("load", "--db", db.toString(), CLEAN);
        assertEquals(2, load.exitCode);
        assertEquals("dioscope: --db " + db + ": directory " + db.getParent() + " does not exist\n", load.err);
    }
}
