package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.util.List;

/** Everything `dioscope analyze` reports: coverage, a summary per rule, the findings. */
public record Analysis(List<TraceCoverage> traces, List<RuleSummary> rules, List<Finding> findings) {

    public boolean complete() {
        return traces.stream().allMatch(TraceCoverage::complete);
    }

    public long count(Severity atLeast) {
        return findings.stream().filter(f -> f.severity().compareTo(atLeast) >= 0).count();
    }
}
