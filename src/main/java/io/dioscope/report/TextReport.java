package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal report: coverage first, then each rule's count, then the worst findings explained. */
public final class TextReport {
    private TextReport() {}

    /**
     * {@code failOn} and {@code uncertainToo} judge each trace on its own for the per-trace table a batch
     * gets (more than one input); {@code verdict} is the run's.
     */
    public static void write(Analysis a, int top, Verdict verdict, Severity failOn, boolean uncertainToo,
            PrintWriter out) {
        TracePaths names = TracePaths.of(a);
        if (!a.unreadInputs().isEmpty()) {
            out.println("Not analysed");
            for (Analysis.UnreadInput u : a.unreadInputs()) out.printf("  %s: %s%n", u.path(), u.reason());
            out.println();
        }
        out.println("Coverage");
        for (TraceCoverage t : a.traces()) {
            out.printf("  trace %d: %s (%s): %s events, %s to %s (%s)%n", t.traceId(), t.path(), t.format(),
                    Numbers.grouped(t.events()), Numbers.seconds(t.firstTs()), Numbers.seconds(t.lastTs()),
                    Numbers.duration(t.spanNs()));
            out.printf("    direct writes: %s%n", outcomes(t.writeWindowsByOutcome()));
            if (!t.readWindowsByOutcome().isEmpty()) out.printf("    direct reads: %s%n", outcomes(t.readWindowsByOutcome()));
            if (!t.windowsByEvidence().isEmpty()) out.printf("    windows rebuilt from: %s%n", evidence(t.windowsByEvidence()));
            if (t.orphanCompletions() > 0) {
                out.printf("    %s completion(s) whose begin was lost (before the trace starts)%n",
                        Numbers.grouped(t.orphanCompletions()));
            }
            if (t.clockResets() > 0) {
                out.printf("    %d clock reset(s): the file holds %d timelines (boots or dumps), each analysed on its own%n",
                        t.clockResets(), t.clockResets() + 1);
            }
            if (t.unparsedLines() > 0) out.printf("    %s unparsed line(s)%n", Numbers.grouped(t.unparsedLines()));
            out.println(t.complete() ? "    complete: nothing lost" : "    INCOMPLETE: " + t.incompleteness());
            if (!t.judgeable()) out.println("    NOT JUDGEABLE: " + t.unjudgeableSentence());
            if (t.scope() != null) out.println("    " + t.scope());
        }
        out.println();
        if (a.traces().size() + a.unreadInputs().size() > 1) traces(a, names, failOn, uncertainToo, out);
        out.println("Rules");
        TextTable rules = new TextTable(List.of("severity", "rule", "findings", "critical", "warning", "info"),
                new boolean[] {false, false, true, true, true, true});
        for (RuleSummary r : a.rules()) {
            rules.add(r.severity().label(), r.id(), Long.toString(r.findings()), Long.toString(r.critical()),
                    Long.toString(r.warning()), Long.toString(r.info()));
        }
        StringBuilderWriter indent = new StringBuilderWriter();
        rules.print(indent.writer());
        for (String line : indent.lines()) out.println("  " + line);
        out.println();
        List<Finding> findings = a.findings();
        if (findings.isEmpty()) {
            out.println("No findings.");
        } else {
            int shown = Math.min(top, findings.size());
            out.printf("Worst findings (%d of %d%s)%n", shown, findings.size(),
                    shown < findings.size() ? "; --top N shows more, --format json all" : "");
            for (Finding f : findings.subList(0, shown)) {
                out.printf("  #%d %s %s%s: %s, direct %s at line %d%s%n", f.id(),
                        f.severity().label().toUpperCase(Locale.ROOT), f.rule(),
                        f.qualifiers().isEmpty() ? "" : " (" + f.qualifiers() + ")", traceName(a, names, f.traceId()),
                        f.direction(),
                        f.beginLine(), (f.certain() ? "" : " [uncertain: " + uncertainty(f) + "]")
                                + (f.baselined() ? " [baselined]" : ""));
                out.println("     " + TextTable.printable(f.message()));
                if (!f.conflicts().isEmpty()) out.println("     lines " + lines(f.conflicts()));
            }
        }
        out.println();
        long uncertain = a.findings().stream().filter(f -> !f.certain()).count();
        long baselined = a.baselined(Severity.INFO);
        out.printf("Findings: %d critical, %d warning, %d info%s%s%n", a.count(Severity.CRITICAL),
                a.count(Severity.WARNING) - a.count(Severity.CRITICAL), a.count(Severity.INFO) - a.count(Severity.WARNING),
                uncertain == 0 ? "" : " (" + uncertain + " of them uncertain: the trace lost events around their window)",
                baselined == 0 ? "" : " (" + baselined + " of them accepted by the baseline)");
        out.println(verdictLine(verdict));
        out.flush();
    }

    /** "trace 3 (xfs/clean.trace.gz)": its id, which `query` and `--db` use, and its file. */
    private static String traceName(Analysis a, TracePaths names, int traceId) {
        for (TraceCoverage t : a.traces()) {
            if (t.traceId() == traceId) return "trace " + traceId + " (" + TextTable.printable(names.name(t.path())) + ")";
        }
        return "trace " + traceId;
    }

    /** A batch's table: each input's events, windows, findings, coverage and its own verdict. */
    private static void traces(Analysis a, TracePaths names, Severity failOn, boolean uncertainToo, PrintWriter out) {
        out.println("Traces");
        TextTable t = new TextTable(List.of("trace", "events", "windows", "critical", "warning", "info", "coverage",
                "verdict"), new boolean[] {false, true, true, true, true, true, false, false});
        for (TraceCoverage c : a.traces()) {
            Analysis one = a.forTrace(c);
            long windows = c.writeWindowsByOutcome().values().stream().mapToLong(Long::longValue).sum()
                    + c.readWindowsByOutcome().values().stream().mapToLong(Long::longValue).sum();
            Verdict v = Verdict.of(one, failOn, uncertainToo);
            t.add(TextTable.printable(names.name(c.path())), Numbers.grouped(c.events()), Numbers.grouped(windows),
                    Long.toString(one.count(Severity.CRITICAL)),
                    Long.toString(one.count(Severity.WARNING) - one.count(Severity.CRITICAL)),
                    Long.toString(one.count(Severity.INFO) - one.count(Severity.WARNING)),
                    !c.judgeable() ? "not judgeable" : c.complete() ? "complete" : "incomplete",
                    v.outcome().label() + " (exit " + v.exitCode() + ")");
        }
        for (Analysis.UnreadInput u : a.unreadInputs()) {
            t.add(TextTable.printable(names.name(u.path())), "", "", "", "", "", "unreadable", "unreadable-input (exit 2)");
        }
        StringBuilderWriter indent = new StringBuilderWriter();
        t.print(indent.writer());
        for (String line : indent.lines()) out.println("  " + line);
        out.println();
    }

    /** Why a finding is not certain, in words ('lost events', 'clock skew', 'open too long'). */
    /** {@code Verdict: FINDINGS (exit 1): ...}, as the text report ends and {@code report} says it. */
    public static String verdictLine(Verdict verdict) {
        return String.format("Verdict: %s (exit %d): %s", verdict.outcome().label().toUpperCase(Locale.ROOT),
                verdict.exitCode(), TextTable.printable(verdict.sentence()));
    }

    public static String uncertainty(Finding f) {
        return f.uncertainBecause() == null || f.uncertainBecause().isEmpty() ? "the trace lost events here"
                : f.uncertainBecause();
    }

    private static String outcomes(Map<String, Long> m) {
        if (m.isEmpty()) return "none";
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(Numbers.grouped(e.getValue())).append(' ').append(e.getKey());
        }
        return s.toString();
    }

    private static String evidence(Map<String, Long> m) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(e.getKey()).append(' ').append(switch (e.getKey()) {
                case "iomap" -> "tracepoints";
                case "xfs" -> "(xfs_file_direct_write -> xfs_end_io_direct_write)";
                case "ftrace" -> "(function tracer + invalidate kprobe)";
                default -> "";
            }).append(" x").append(Numbers.grouped(e.getValue()));
        }
        return s.toString();
    }

    private static String lines(List<ConflictEvent> events) {
        StringBuilder s = new StringBuilder();
        int shown = 0;
        for (ConflictEvent e : events) {
            if (shown++ == 12) {
                s.append(" ... (").append(events.size()).append(" events)");
                break;
            }
            if (s.length() > 0) s.append(' ');
            s.append(e.line());
        }
        return s.toString();
    }

    /** Collects what a TextTable prints so it can be indented. */
    private static final class StringBuilderWriter {
        private final java.io.StringWriter sw = new java.io.StringWriter();

        PrintWriter writer() {
            return new PrintWriter(sw);
        }

        String[] lines() {
            return sw.toString().split("\n");
        }
    }
}
