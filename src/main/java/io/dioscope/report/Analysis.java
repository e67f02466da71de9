package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.util.List;

/**
 * Everything `dioscope analyze` reports: the inputs that could not be read, coverage, a summary per
 * rule, the findings.
 */
public record Analysis(List<UnreadInput> unreadInputs, List<TraceCoverage> traces, List<RuleSummary> rules,
        List<Finding> findings) {

    /** An input named on the command line that was not analysed, and why. */
    public record UnreadInput(String path, String reason) {}

    /** This analysis with only {@code kept} of its findings, each rule's counts recounted from them. */
    public Analysis withFindings(List<Finding> kept) {
        List<RuleSummary> recounted = new java.util.ArrayList<>();
        for (RuleSummary r : rules) {
            long n = 0, critical = 0, warning = 0, info = 0;
            for (Finding f : kept) {
                if (!f.rule().equals(r.id())) continue;
                n++;
                switch (f.severity()) {
                    case CRITICAL -> critical++;
                    case WARNING -> warning++;
                    default -> info++;
                }
            }
            recounted.add(new RuleSummary(r.id(), r.severity(), r.title(), r.explanation(), r.source(), r.origin(), n,
                    critical, warning, info));
        }
        return new Analysis(unreadInputs, traces, recounted, List.copyOf(kept));
    }

    /** The part of this analysis about one trace: it alone, its findings, the same rules. */
    public Analysis forTrace(TraceCoverage t) {
        return new Analysis(List.of(), List.of(t), rules, findings.stream().filter(f -> f.traceId() == t.traceId()).toList());
    }

    public boolean complete() {
        return traces.stream().allMatch(TraceCoverage::complete);
    }

    /** Findings at or above a severity, certain or not. */
    public long count(Severity atLeast) {
        return findings.stream().filter(f -> f.severity().compareTo(atLeast) >= 0).count();
    }

    /** Findings at or above a severity that count against --fail-on: the certain ones, or all with --fail-on-uncertain. */
    public long failing(Severity atLeast, boolean uncertainToo) {
        return findings.stream().filter(f -> isFailing(f, atLeast, uncertainToo)).count();
    }

    public static boolean isFailing(Finding f, Severity atLeast, boolean uncertainToo) {
        return f.severity().compareTo(atLeast) >= 0 && (f.certain() || uncertainToo) && !f.baselined();
    }

    /** Findings at or above a severity that a baseline accepted. */
    public long baselined(Severity atLeast) {
        return findings.stream().filter(f -> f.baselined() && f.severity().compareTo(atLeast) >= 0).count();
    }

    /** This analysis with the findings the baseline accepts marked {@link Finding#acceptedByBaseline()}. */
    public Analysis with(Baseline baseline) {
        return new Analysis(unreadInputs, traces, rules,
                findings.stream().map(f -> baseline.accepts(f) ? f.acceptedByBaseline() : f).toList());
    }
}
