package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A user rule whose row names no window would be counted in the summary and shown nowhere (a verdict
 * about nothing): the rule file is refused instead.
 */
class UserRuleWindowTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    private static Path rule(Path dir, String select) throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("mine.sql"), "-- id: mine\n-- severity: critical\n-- title: mine\n"
                + "-- explanation: a rule of the user's own\n" + select + "\n");
        return rules;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT -5 AS window_id, 'about nothing' AS message | window_id -5, which is not a window (1 row(s)",
        "SELECT NULL::BIGINT AS window_id, 'about nothing' AS message | window_id NULL, which is not a window (1 row(s)",
        "SELECT window_id + 1000000 AS window_id, 'shifted' AS message FROM dio_windows ORDER BY 1 LIMIT 3 "
                + "| which is not a window (3 row(s)",
        "SELECT window_id, 'related to nothing' AS message, -1 AS related_window_id FROM dio_windows LIMIT 1 "
                + "| related_window_id -1, which is not a window (1 row(s)"})
    void aRowThatNamesNoWindowIsRefusedNamingTheFile(String select, String expected, @TempDir Path dir) throws Exception {
        Path rules = rule(dir, select);
        for (String format : new String[] {"text", "json"}) {
            Cli r = Cli.run("analyze", "--format", format, "--rules", rules.toString(), MMAP);
            assertEquals(2, r.exitCode, r.toString());
            String err = r.err.substring(r.err.lastIndexOf("dioscope: "));
            assertEquals("dioscope: " + rules.resolve("mine.sql") + ": the query returns ",
                    err.substring(0, ("dioscope: " + rules.resolve("mine.sql") + ": the query returns ").length()), err);
            assertEquals(true, err.contains(expected), err);
            assertEquals(err.length() - 1, err.indexOf('\n'), "one line: " + err);
            assertEquals(false, r.out.contains("Verdict"), "no verdict: " + r.out);
        }
    }

    @Test
    void aRuleWhoseRowsAllNameWindowsStillRuns(@TempDir Path dir) throws Exception {
        Path rules = rule(dir, "SELECT window_id, 'fine' AS message, NULL::BIGINT AS related_window_id "
                + "FROM dio_windows ORDER BY window_id LIMIT 2");
        Cli r = Cli.run("analyze", "--rules", rules.toString(), MMAP);
        assertEquals(1, r.exitCode, r.toString());
        assertEquals(true, r.out.matches("(?s).*  critical  mine +2 +2 +0 +0\n.*"), r.out);
    }
}
