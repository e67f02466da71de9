package io.dioscope.cli;

import io.dioscope.report.TextTable;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleFileException;
import io.dioscope.rules.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dioscope rules}: the rules analyze runs. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List the rules 'analyze' runs.")
final class RulesCommand implements Callable<Integer> {
    @Option(names = "--rules", paramLabel = "DIR", description = "Include the rules in DIR (checks their headers).")
    Path rulesDir;

    @Option(names = {"-v", "--verbose"}, description = "Print each rule's explanation and source.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws RuleFileException {
        PrintWriter out = spec.commandLine().getOut();
        List<Rule> rules = RuleSet.load(rulesDir);
        if (!verbose) {
            TextTable t = new TextTable(List.of("rule", "severity", "title", "file"), new boolean[4]);
            for (Rule r : rules) t.add(r.id(), r.severity().label(), r.title(), r.origin());
            t.print(out);
            out.println("(--verbose explains each; the SQL is in the file named)");
        } else {
            for (Rule r : rules) {
                out.printf("%s (%s): %s%n  %s%n", r.id(), r.severity().label(), r.title(), r.explanation());
                if (r.source() != null) out.printf("  Source: %s%n", r.source());
                out.printf("  File: %s%n%n", r.origin());
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
