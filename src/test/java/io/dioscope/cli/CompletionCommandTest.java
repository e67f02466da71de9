package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code dioscope completion bash}: picocli's script, generated from the commands as they are. */
class CompletionCommandTest {
    @Test
    void theBashScriptKnowsEveryCommandItsOptionsAndTheirValues() {
        Cli r = Cli.run("completion", "bash");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("#!/usr/bin/env bash"), r.out);
        assertTrue(r.out.contains("complete -F _complete_dioscope"), "registers itself for dioscope");
        for (String command : List.of("load", "query", "formats", "analyze", "rules", "report", "bench", "completion")) {
            assertTrue(r.out.contains("function _picocli_dioscope_" + command + "()"), command);
        }
        for (String option : List.of("'--input-format'", "'--keep-body'", "'--fail-on'", "'--top'", "'--html'",
                "'--memory-limit'", "'--output'")) {
            assertTrue(r.out.contains(option), option);
        }
        assertTrue(r.out.contains("(\"auto\" \"ftrace\" \"trace-cmd\" \"perf-script\" \"blkparse\") # --input-format values"), r.out);
        assertTrue(r.out.contains("(\"text\" \"json\" \"csv\" \"junit\") # --format values"), r.out);
        assertTrue(r.out.contains("(\"table\" \"csv\" \"json\") # --format values"), r.out);
        assertFalse(function(r.out, "load").contains("'--format'"), "the deprecated load --format is not offered");
        // picocli names each option's list of values after its label: two options with one label in a
        // command would offer the same values (analyze --input-format completing to text json csv junit)
        String analyze = function(r.out, "analyze");
        List<String> lists = analyze.lines().filter(l -> l.contains("_option_args=(")).map(l -> l.trim().split("=")[0])
                .toList();
        assertEquals(2, lists.size(), analyze);
        assertEquals(2, lists.stream().distinct().count(), lists.toString());
    }

    private static String function(String script, String command) {
        String f = script.substring(script.indexOf("function _picocli_dioscope_" + command + "()"));
        return f.substring(0, f.indexOf("\n}\n"));
    }

    @Test
    void onlyBash() {
        Cli r = Cli.run("completion", "fish");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.endsWith("Usage: dioscope completion [OPTIONS] SHELL\nsee 'dioscope completion --help'\n"), r.err);
    }
}
