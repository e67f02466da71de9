package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.TextReport;
import io.dioscope.report.Verdict;
import io.dioscope.report.html.HtmlReport;
import io.dioscope.report.html.StageTimes;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope report TRACE... -o DIR}: the HTML report, for a person with a browser. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Analyze traces and write an HTML report to DIR: coverage, a sortable findings table, race maps, task "
                    + "timelines, latency and page-cache charts, and each finding with its trace lines and its rule.",
            "The directory is self-contained (open DIR/index.html; no network needed).",
            "",
            "Exit codes as analyze's: 0 nothing at or above --fail-on in complete, judgeable traces; 1 certain findings "
                    + "at or above it; 2 usage error, an output that cannot be written, or an input that could not be "
                    + "read (the rest is reported); 3 nothing at or above it, but a trace lost events or cannot support "
                    + "a verdict."
        })
final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "0..*", description = "Trace files (optional with --db).")
    List<Path> traces = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Directory to write the report to.")
    Path output;

    @Mixin
    DatabaseOption db;

    @Mixin
    LoadingOptions loading;

    @Mixin
    FocusOptions focus;

    @Option(names = "--rules", paramLabel = "DIR", description = "Also run the .sql rules in DIR.")
    Path rulesDir;

    @Mixin
    ChartOptions charts;

    @Mixin
    VerdictOptions verdictOptions;

    @Option(names = {"-v", "--verbose"}, description = "Show parse problems and the time each step took.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        HtmlReport.Options chartOptions = charts.options();
        verdictOptions.threshold();
        AnalysisPipeline.checkInputs(traces, db.file, loading);
        Database.Settings settings = db.settings();
        focus.check();
        List<Rule> rules = focus.rules(RuleSet.load(rulesDir));
        PrintWriter out = spec.commandLine().getOut();
        // the directory is checked (and the temporary one beside it made) before the analysis
        try (ReportDirectory dir = ReportDirectory.prepare("-o", output);
                Database database = DuckDbWarmUp.open(db.file, settings);
                HtmlReport.Drawing drawing = dir.drawing(database)) {
            // Java2D is warmed up while the model is built, the charts of the model alone are drawn while the rules run
            Analysis analysis = AnalysisPipeline.run(database, traces, loading, rules, false, verbose, out,
                    spec.commandLine().getErr(), AnalysisPipeline.Stages.of(drawing, !focus.narrows()));
            if (analysis.traces().isEmpty()) return ExitCode.ERROR;
            focus.resolve(database);
            analysis = focus.apply(analysis);
            try {
                StageTimes times = new StageTimes();
                drawing.write(analysis, rules, chartOptions, times);
                if (verbose) AnalysisPipeline.printTimes(times, spec.commandLine().getErr());
            } catch (IOException e) {
                throw dir.failed(e);
            }
            Path index = dir.commit();
            Verdict verdict = verdictOptions.of(analysis);
            out.printf("%d finding(s); report written to %s%n%s%n", analysis.findings().size(), index,
                    TextReport.verdictLine(verdict));
            StdoutWriter.check(out);
            return verdict.exitCode();
        }
    }
}
