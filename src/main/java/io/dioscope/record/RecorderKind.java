package io.dioscope.record;

import java.io.IOException;
import java.nio.file.Path;

/** How the events get from the ring buffer to the output file ({@code record --recorder}). */
public enum RecorderKind {
    /** trace-cmd record splices each CPU's raw pages to a trace.dat. */
    TRACE_CMD("trace-cmd", "trace-cmd record -> trace.dat"),
    /** dioscope reads each CPU's raw pages (trace_pipe_raw) and writes the trace.dat itself. */
    RAW("raw", "trace_pipe_raw -> trace.dat written by dioscope"),
    /** trace_pipe's text, the kernel formatting every event: greppable, but it loses events sooner. */
    TEXT("text", "trace_pipe -> ftrace text");

    /** The name --recorder takes. */
    public final String option;
    /** What --check prints. */
    public final String plan;

    RecorderKind(String option, String plan) {
        this.option = option;
        this.plan = plan;
    }

    /** {@code auto}: trace-cmd when it is installed, else dioscope's own raw reader. */
    public static RecorderKind choose(String option) {
        if (option == null || option.equals("auto")) return TraceCmdRecorder.available() ? TRACE_CMD : RAW;
        for (RecorderKind k : values()) if (k.option.equals(option)) return k;
        throw new IllegalArgumentException("--recorder " + option + ": give auto, trace-cmd, raw or text");
    }

    Recorder open(Tracefs t, Path out) throws IOException {
        return switch (this) {
            case TRACE_CMD -> new TraceCmdRecorder(t, out);
            case RAW -> new RawPagesRecorder(t, out);
            case TEXT -> new TracePipeStreamer(t, out);
        };
    }
}
