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
}
