package io.dioscope.record;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Moves events from the kernel's ring buffer to the output file while the command runs, so that a
 * long run loses nothing to a full buffer (reading {@code trace} once at the end keeps only what the
 * buffer still holds: the start is overwritten).
 */
interface Recorder {
    /** What it writes, for the user and the metadata: "trace.dat (trace-cmd record)", ... */
    String description();

    /** The output's format as dioscope names it ("trace.dat", "ftrace"). */
    String format();

    /**
     * Enables the events with their filters and a buffer of {@code bufferKb} per CPU, starts moving
     * events to the output and returns once tracing is on.
     */
    void start(Map<String, String> eventsAndFilters, long bufferKb) throws IOException;

    /** After tracing was turned off: moves what the buffer still holds to the output and closes it. */
    void finish() throws IOException;

    /** The processes besides this JVM that write the output while tracing is on (trace-cmd's), for the pid filter. */
    default List<Long> helperProcesses() {
        return List.of();
    }

    /** Stops at once, leaving whatever was written (on an exception or Ctrl-C). */
    void abort();
}
