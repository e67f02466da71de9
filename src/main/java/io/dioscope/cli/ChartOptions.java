package io.dioscope.cli;

import io.dioscope.report.html.HtmlReport;
import picocli.CommandLine.Option;

/** Which findings of the HTML report get their own charts, shared by {@code report} and {@code analyze --html}. */
final class ChartOptions {
    private static final int RAW_LINES_PER_FINDING = 40;

    @Option(names = "--charts", paramLabel = "N|all", defaultValue = "10",
            description = "HTML report: up to N findings get their own charts, the worst first, or all: every one "
                    + "(default: ${DEFAULT-VALUE}); each finding's section has its text and trace lines either way.")
    String charts;

    @Option(names = "--charts-per-rule-file", paramLabel = "K|all",
            description = "HTML report: at most K of the charted findings are of one rule on one file, the rest of "
                    + "the charts going to other rules and files (default: 3, or all with --charts all).")
    String perRuleFile;

    /** The report's options; a usage error (before anything is loaded) for a negative number or a word other than all. */
    HtmlReport.Options options() {
        int max = count("--charts", charts);
        int perFile = perRuleFile != null ? count("--charts-per-rule-file", perRuleFile)
                : max == Integer.MAX_VALUE ? Integer.MAX_VALUE : 3;
        return new HtmlReport.Options(max, perFile, RAW_LINES_PER_FINDING);
    }

    private static int count(String option, String value) {
        if (value.equals("all")) return Integer.MAX_VALUE;
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageError(option + ": a number or all, not " + value);
        }
        AnalysisPipeline.checkCount(option, n);
        return n;
    }
}
