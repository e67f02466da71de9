package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.Baseline;
import io.dioscope.report.CsvReport;
import io.dioscope.report.JsonReport;
import io.dioscope.report.JunitReport;
import io.dioscope.report.TextReport;
import io.dioscope.report.Verdict;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleSet;
import io.dioscope.rules.Severity;
import io.dioscope.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import io.dioscope.report.html.HtmlReport;
import io.dioscope.report.html.StageTimes;
import javax.xml.stream.XMLStreamException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope analyze TRACE...}: load, rebuild the direct-I/O windows, run the rules, report. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {
            "Find page-cache I/O that raced in-flight direct I/O: load the traces (or reuse --db), rebuild every "
                    + "direct-I/O window, run the rules, and report.",
            "",
            "Exit codes: 0 nothing at or above --fail-on in complete, judgeable traces; 1 certain findings at or "
                    + "above it; 2 usage error, an output that cannot be written, or an input that could not be read "
                    + "(the rest is analysed); 3 nothing "
                    + "at or above it, but a trace lost events or cannot support a verdict (no direct I/O, no "
                    + "page-cache events, mostly unparsed)."
        })
final class AnalyzeCommand implements Callable<Integer> {
    enum Format {
        TEXT, JSON, CSV, JUNIT;

        /** As typed and as picocli lists it in errors and shell completion. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Parameters(paramLabel = "TRACE", arity = "0..*", description = "Trace files, directories (every trace file under "
            + "them, see --glob), or - for the standard input (optional with --db: analyze what it holds).")
    List<Path> traces = List.of();

    @Mixin
    DatabaseOption db;

    @Mixin
    LoadingOptions loading;

    @Option(names = "--rules", paramLabel = "DIR", description = "Also run the .sql rules in DIR (see queries/rules/README.md).")
    Path rulesDir;

    @Option(names = "--format", paramLabel = "text|json|csv|junit", defaultValue = "text",
            description = "What is written (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Mixin
    VerdictOptions verdictOptions;

    @Mixin
    FocusOptions focus;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Accept the findings recorded in FILE (by --write-baseline): they are reported as baselined "
                    + "and fail nothing; only new findings count for --fail-on.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Record this run's findings in FILE, keyed by rule, direction, inode, byte range and task "
                    + "names (not times or lines, so a rerun of the same test matches).")
    Path writeBaseline;

    @Option(names = "--all", negatable = false,
            description = "With --db and TRACE files: report every trace the database holds, not only the new ones.")
    boolean all;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "Findings the text report explains (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = {"-v", "--verbose"}, description = "Show parse problems and the time each step took.")
    boolean verbose;

    @Option(names = "--html", paramLabel = "DIR", description = "Also write the HTML report (charts, each finding) to DIR.")
    Path html;

    @Mixin
    ChartOptions charts;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Severity threshold = verdictOptions.threshold();
        AnalysisPipeline.checkCount("--top", top);
        HtmlReport.Options chartOptions = charts.options();
        AnalysisPipeline.checkInputs(traces, db.file, loading);
        Baseline accepted = null;
        if (baseline != null) {
            try {
                accepted = Baseline.read(baseline); // a bad baseline fails before any loading
            } catch (Baseline.BaselineException e) {
                throw new UserError("--baseline: " + e.getMessage());
            }
        }
        Database.Settings settings = db.settings();
        focus.check();
        List<Rule> rules = focus.rules(RuleSet.load(rulesDir));
        PrintWriter err = spec.commandLine().getErr();
        // with a machine format on stdout, progress lines go to stderr so the report stays parseable
        PrintWriter progress = format == Format.TEXT && output == null ? spec.commandLine().getOut() : err;
        // the outputs are checked (and their temporary files made) before the analysis, not after it
        try (ReportFile report = output == null ? ReportFile.stdout(spec.commandLine().getOut())
                        : ReportFile.prepare("-o", output, AnalysisPipeline.inputs(traces, db.file));
                ReportDirectory htmlDir = html == null ? null : ReportDirectory.prepare("--html", html);
                Database database = DuckDbWarmUp.open(db.file, settings);
                HtmlReport.Drawing drawing = htmlDir == null ? null : htmlDir.drawing(database)) {
            // the HTML report warms Java2D up while the model is built, draws the charts of the model alone while the rules run
            Analysis analysis = AnalysisPipeline.run(database, traces, loading, rules, all, verbose, progress, err,
                    AnalysisPipeline.Stages.of(drawing, !focus.narrows()));
            focus.resolve(database);
            analysis = focus.apply(analysis);
            if (accepted != null) analysis = analysis.with(accepted);
            if (writeBaseline != null) {
                try {
                    Baseline.write(analysis.findings(), writeBaseline);
                } catch (IOException e) {
                    throw new UserError("--write-baseline: " + writeBaseline + ": cannot be written (" + e.getMessage() + ")");
                }
            }
            Verdict verdict = verdictOptions.of(analysis);
            write(report, analysis, threshold, verdict);
            if (htmlDir != null) {
                try {
                    StageTimes times = new StageTimes();
                    drawing.write(analysis, rules, chartOptions, times);
                    if (verbose) AnalysisPipeline.printTimes(times, err);
                } catch (IOException e) {
                    throw htmlDir.failed(e);
                }
                err.println("HTML report: " + htmlDir.commit());
                err.flush();
            }
            return verdict.exitCode();
        }
    }

    private void write(ReportFile report, Analysis analysis, Severity threshold, Verdict verdict) {
        Writer w = report.writer();
        try {
            String version = new VersionProvider().getVersion()[0].replace("dioscope ", "");
            switch (format) {
                case TEXT -> TextReport.write(analysis, top, verdict, threshold, verdictOptions.failOnUncertain, new PrintWriter(w));
                case JSON -> JsonReport.write(analysis, threshold, verdictOptions.failOnUncertain, verdict, version, w);
                case CSV -> CsvReport.write(analysis, verdict, w);
                case JUNIT -> JunitReport.write(analysis, threshold, verdictOptions.failOnUncertain, verdict, w);
            }
            w.flush();
        } catch (IOException | XMLStreamException | UncheckedIOException e) {
            throw report.failed(e);
        }
        report.commit(w);
    }
}
