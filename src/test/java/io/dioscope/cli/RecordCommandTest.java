package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** record's usage errors, found before tracefs is touched (no root needed): one line, exit 2. */
class RecordCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--recorder|bogus|dioscope: --recorder bogus: give auto, trace-cmd, raw or text",
        "--buffer-kb|2|dioscope: --buffer-kb: at least 4",
        "--duration|0|dioscope: --duration: give a positive number of seconds"})
    void aBadOptionIsOneLineAndExit2(String option, String value, String message) {
        Cli run = Cli.run("record", option, value, "-o", "/nonexistent/out.dat", "--", "true");
        assertEquals(2, run.exitCode, run.toString());
        assertEquals(message, run.err.lines().findFirst().orElse(""), run.toString());
    }
}
