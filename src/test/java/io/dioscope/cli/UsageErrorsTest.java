package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command line that is wrong says what is wrong, the command's synopsis and where its help is, in
 * three lines on stderr (not the 40 lines of help), exits 2, and does nothing else.
 */
class UsageErrorsTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();
    private static final String ANALYZE = "Usage: dioscope analyze [OPTIONS] [TRACE...]\nsee 'dioscope analyze --help'\n";

    private static void assertUsageError(String expectedErr, String... args) {
        Cli r = Cli.run(args);
        assertEquals(2, r.exitCode, r.toString());
        assertEquals(expectedErr, r.err);
        assertEquals("", r.out, "nothing loaded, nothing printed");
    }

    @Test
    void anUnknownOptionIsNamedWithTheSynopsisAndAPointerToHelp() {
        assertUsageError("dioscope: Unknown option: '--bogus'\n" + ANALYZE, "analyze", "--bogus", MMAP);
        assertUsageError("dioscope: Unknown option: '--form' (did you mean --format?)\n" + ANALYZE,
                "analyze", "--form", "json", MMAP);
    }

    @Test
    void aBadValueIsAUsageErrorBeforeAnythingIsLoaded() {
        assertUsageError("dioscope: Invalid value for option '--top': 'x' is not an int\n" + ANALYZE,
                "analyze", "--top", "x", MMAP);
        assertUsageError("dioscope: --top: must be 0 or more, not -1\n" + ANALYZE, "analyze", "--top", "-1", MMAP);
        assertUsageError("dioscope: Invalid value for option '--format': expected one of [TEXT, JSON, CSV, JUNIT] "
                + "(case-insensitive) but was 'xml'\n" + ANALYZE, "analyze", "--format", "xml", MMAP);
        assertUsageError("dioscope: --fail-on: " + failOnMessage("fatal") + "\n" + ANALYZE,
                "analyze", "--fail-on", "fatal", MMAP);
        assertUsageError("dioscope: Invalid value for option '--format': expected one of [TABLE, CSV, JSON] "
                + "(case-insensitive) but was 'xml'\nUsage: dioscope query [OPTIONS] SQL\nsee 'dioscope query --help'\n",
                "query", "--db", "t.db", "--format", "xml", "SELECT 1");
    }

    @Test
    void aMissingCommandOrArgument() {
        assertUsageError("dioscope: a command is required\nUsage: dioscope [OPTIONS] [COMMAND]\nsee 'dioscope --help'\n");
        assertUsageError("dioscope: Missing required option: '--output=DIR'\nUsage: dioscope report [OPTIONS] [TRACE...]\n"
                + "see 'dioscope report --help'\n", "report", MMAP);
    }

    @Test
    void aMissingOutputDirectoryIsRefusedBeforeTheAnalysisAndNotCreated(@TempDir Path dir) {
        Path report = dir.resolve("missing/report");
        Cli r = Cli.run("report", MMAP, "-o", report.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("dioscope: -o " + report + ": directory " + report.getParent() + " does not exist\n", r.err);
        assertEquals("", r.out, "nothing was loaded");
        Cli html = Cli.run("analyze", "--html", report.toString(), MMAP);
        assertEquals(2, html.exitCode, html.toString());
        assertEquals("dioscope: --html " + report + ": directory " + report.getParent() + " does not exist\n", html.err);
        assertEquals("", html.out, "nothing was loaded");
        assertFalse(Files.exists(report.getParent()));
    }

    private static String failOnMessage(String value) {
        try {
            io.dioscope.rules.Severity.parse(value);
            throw new AssertionError(value + " is a severity");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
