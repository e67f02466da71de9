package io.dioscope.cli;

/** {@code --charts N|all}: how many of the worst findings get their own charts. */
final class ChartCount {
    static final String HELP = "The worst N findings get their own charts, or all: every one (default: ${DEFAULT-VALUE}); "
            + "each finding's section has its text and trace lines either way.";

    private ChartCount() {}

    /** The count; a usage error (before anything is loaded) for a negative number or a word other than all. */
    static int parse(String value) {
        if (value.equals("all")) return Integer.MAX_VALUE;
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageError("--charts: a number or all, not " + value);
        }
        AnalysisPipeline.checkCount("--charts", n);
        return n;
    }
}
