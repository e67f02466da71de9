package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A run of one command builds that command alone; everything else sees every command. */
class CommandLineModelTest {
    @Test
    void aNamedCommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("report"), Main.commandLine("report", "x.trace").getSubcommands().keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "help", "completion", "repotr", "--version"})
    void helpCompletionAndMisspellingsSeeEveryCommand(String first) {
        Set<String> names = Main.commandLine(first).getSubcommands().keySet();
        assertEquals(Main.COMMANDS.size() + (names.contains("fleet") ? 1 : 0), names.size(), names.toString());
        assertTrue(names.containsAll(Set.of("load", "analyze", "report", "record", "help", "completion")), names.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze", "report", "record", "load"})
    void aCommandsHelpIsTheSameEitherWay(String command) {
        Cli alone = Cli.run(command, "--help");
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine all = Main.commandLine("--help");
        all.getSubcommands().get(command).setOut(new java.io.PrintWriter(out)).usage(new java.io.PrintWriter(out));
        assertEquals(0, alone.exitCode, alone.toString());
        assertEquals(out.toString(), alone.out);
    }

    /**
     * A command's error goes to the writer it was given even when System.err is another stream by the
     * time it runs (as while DuckDB's library loads on the warm-up thread, which swaps it): picocli's
     * default strategy would have put a writer on the old System.err in its place.
     */
    @Test
    void aCommandsErrorGoesToItsWriterWhateverSystemErrIsMeanwhile() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = Main.configured(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                "analyze", "samples/no-such.trace");
        java.io.PrintStream before = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            assertEquals(2, cl.execute("analyze", "samples/no-such.trace"));
        } finally {
            System.setErr(before);
        }
        assertTrue(err.toString().contains("dioscope: samples/no-such.trace: no such file"), err.toString());
    }
}
