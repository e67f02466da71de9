package io.dioscope.report;

import io.dioscope.rules.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an analysis means for a CI job: one outcome, its exit code and one sentence, decided once here
 * and printed the same way by every report format. An input that could not be read outranks
 * everything (exit 2, as grep does), then findings (1), then traces that cannot support a verdict
 * (3: nothing to judge, or events were lost), and only then a pass (0).
 */
public record Verdict(Outcome outcome, String sentence) {
    public enum Outcome {
        UNREADABLE_INPUT(2), FINDINGS(1), NOT_JUDGEABLE(3), INCOMPLETE(3), PASS(0);

        public final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public int exitCode() {
        return outcome.exitCode;
    }

    public static Verdict of(Analysis a, Severity failOn, boolean uncertainToo) {
        long failing = a.failing(failOn, uncertainToo);
        long baselined = a.baselined(failOn);
        long uncertain = a.count(failOn) - baselined - a.failing(failOn, false);
        String found = failing + " finding(s) at or above " + failOn.label()
                + (uncertainToo || uncertain == 0 ? "" : " (" + uncertain + " more where the trace lost events, "
                        + "not counted without --fail-on-uncertain)")
                + (baselined == 0 ? "" : " (" + baselined + " more accepted by the baseline)");
        if (!a.unreadInputs().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (Analysis.UnreadInput u : a.unreadInputs()) parts.add(u.path() + ": " + u.reason());
            return new Verdict(Outcome.UNREADABLE_INPUT, a.unreadInputs().size() + " input(s) could not be analysed ("
                    + String.join("; ", parts) + "); in the rest, " + found + ".");
        }
        if (failing > 0) return new Verdict(Outcome.FINDINGS, found + ".");
        List<String> unjudged = new ArrayList<>();
        for (TraceCoverage t : a.traces()) {
            if (!t.judgeable()) unjudged.add(t.path() + ": " + t.unjudgeableSentence());
        }
        if (!unjudged.isEmpty()) {
            return new Verdict(Outcome.NOT_JUDGEABLE, unjudged.size() + " trace(s) cannot support a verdict ("
                    + String.join("; ", unjudged) + "); nothing at or above " + failOn.label()
                    + " was found, which proves nothing there.");
        }
        List<String> incomplete = new ArrayList<>();
        for (TraceCoverage t : a.traces()) {
            if (!t.complete()) incomplete.add(t.path() + ": " + t.incompleteness());
        }
        if (!incomplete.isEmpty()) {
            return new Verdict(Outcome.INCOMPLETE, incomplete.size() + " trace(s) lost events ("
                    + String.join("; ", incomplete) + "); " + found + " in what remains, which proves little.");
        }
        long limited = a.traces().stream().filter(t -> t.scope() != null).count();
        return new Verdict(Outcome.PASS, "no finding at or above " + failOn.label() + " in " + a.traces().size()
                + " complete trace(s)" + (baselined == 0 ? "" : " but the " + baselined + " the baseline accepts")
                + (limited == 0 ? "" : " (" + limited + " of them judged by fewer rules: see each trace's coverage)")
                + ".");
    }
}
