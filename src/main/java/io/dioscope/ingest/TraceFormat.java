package io.dioscope.ingest;

import java.util.Locale;

/** The text formats dioscope reads. All yield the same header fields; they differ in the task column. */
public enum TraceFormat {
    /** {@code /sys/kernel/tracing/trace} or {@code trace_pipe}: {@code comm-pid [cpu] flags ts: event: body}. */
    FTRACE("ftrace", "raw ftrace text (trace, trace_pipe), with or without the irq-info and tgid columns"),
    /** {@code trace-cmd report}: {@code comm-pid [cpu] ts: event: body}, also {@code -l} and {@code -t}. */
    TRACE_CMD("trace-cmd", "trace-cmd report text, including -l (latency column) and -t (nanosecond timestamps)"),
    /** {@code perf script}: {@code comm pid [cpu] ts: system:event: body}. */
    PERF_SCRIPT("perf-script", "perf script default text (system:event names, comm and pid separated by a space), "
            + "with the call chains of perf record -g"),
    /**
     * {@code blkparse} default text: {@code %D %2c %8s %5T.%9t %5p %2a %3d} then the action's own
     * fields ({@code sector + blocks [comm]}, a completion's {@code [error]}); no task column, the
     * timestamp is seconds since the trace's first event.
     */
    BLKPARSE("blkparse", "blkparse default text (dev cpu seq time pid action rwbs sector + blocks [comm]); "
            + "its summary blocks are counted as header lines");

    private final String label;
    private final String description;

    TraceFormat(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** True when the task column is {@code comm pid} rather than {@code comm-pid}. */
    boolean spaceSeparatedPid() {
        return this == PERF_SCRIPT;
    }

    public static TraceFormat fromLabel(String label) {
        for (TraceFormat f : values()) {
            if (f.label.equals(label.toLowerCase(Locale.ROOT))) return f;
        }
        throw new IllegalArgumentException("unknown format '" + label + "' (ftrace, trace-cmd, perf-script, blkparse)");
    }
}
