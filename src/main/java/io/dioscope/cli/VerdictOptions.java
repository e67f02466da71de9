package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.Verdict;
import io.dioscope.rules.Severity;
import picocli.CommandLine.Option;

/**
 * What makes a run fail, shared by {@code analyze} and {@code report} so that both exit as
 * {@link Verdict} decides: a CI job may run either and read the same exit code.
 */
final class VerdictOptions {
    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "critical",
            description = "Exit 1 when a finding is at least this severe: info, warning, critical (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--fail-on-uncertain", negatable = false,
            description = "Also count findings that are not certain (where the trace lost events) for --fail-on.")
    boolean failOnUncertain;

    /** The --fail-on severity; a usage error (before anything is loaded) when it is not one. */
    Severity threshold() {
        try {
            return Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--fail-on: " + e.getMessage());
        }
    }

    Verdict of(Analysis analysis) {
        return Verdict.of(analysis, threshold(), failOnUncertain);
    }
}
