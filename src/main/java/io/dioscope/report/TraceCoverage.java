package io.dioscope.report;

import java.util.List;
import java.util.Map;

/** What one trace covers and how much of it can be trusted, with its direct-I/O windows by outcome. */
public record TraceCoverage(
        int traceId,
        String path,
        String format,
        long lines,
        long events,
        long unparsedLines,
        long overwrittenEvents,
        long lostEvents,
        int bufferWraps,
        boolean truncated,
        String truncation,
        long firstTs,
        long lastTs,
        long completeFromTs,
        Map<String, Long> writeWindowsByOutcome,
        Map<String, Long> readWindowsByOutcome,
        Map<String, Long> windowsByEvidence,
        long orphanCompletions,
        List<String> unjudgeableBecause,
        String unjudgeableSentence,
        /** Null when every rule can judge it; else which rules can, as a sentence (trace_judgement.scope). */
        String scope,
        long clockResets,
        /** Seconds its load took (traces.load_seconds). */
        double loadSeconds) {

    /** The trace can support a verdict: it has direct-I/O windows and page-cache events to judge. */
    public boolean judgeable() {
        return unjudgeableBecause.isEmpty();
    }

    /** Nothing lost, overwritten or cut off. */
    public boolean complete() {
        return overwrittenEvents == 0 && lostEvents == 0 && bufferWraps == 0 && !truncated;
    }

    public long spanNs() {
        return lastTs - firstTs;
    }

    /** One line saying why the trace is incomplete, or null. */
    public String incompleteness() {
        if (complete()) return null;
        StringBuilder s = new StringBuilder();
        if (overwrittenEvents > 0) s.append(Numbers.count(overwrittenEvents)).append(" events overwritten in the ring buffer");
        if (lostEvents > 0) s.append(s.length() > 0 ? "; " : "").append(Numbers.count(lostEvents)).append(" events lost");
        if (bufferWraps > 0 && overwrittenEvents == 0) {
            s.append(s.length() > 0 ? "; " : "").append(bufferWraps).append(" CPU buffer(s) wrapped");
        }
        if (truncated) s.append(s.length() > 0 ? "; " : "").append(truncation);
        if (completeFromTs > firstTs) {
            s.append(" (every CPU's record is whole only from ").append(Numbers.seconds(completeFromTs)).append(")");
        }
        return s.toString();
    }
}
