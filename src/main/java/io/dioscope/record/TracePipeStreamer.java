package io.dioscope.record;

import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fallback without trace-cmd: streams {@code trace_pipe} (the kernel's text, every CPU merged
 * in time order, consumed as it is read) to the output while the command runs. Plain ftrace text, which
 * dioscope loads; where a CPU's buffer overran, the kernel writes "CPU:N [LOST M EVENTS]" into the
 * text at that point. Formatting text costs the kernel more than trace-cmd's splice of raw pages, so
 * under a heavy load it loses events sooner: the buffers are sized for it and the loss is reported.
 */
final class TracePipeStreamer implements Recorder {
    private final Tracefs t;
    private final Path out;
    private Thread reader;
    private volatile IOException failure;
    private InputStream pipe;

    TracePipeStreamer(Tracefs t, Path out) {
        this.t = t;
        this.out = out;
    }

    @Override
    public String description() {
        return "ftrace text streamed from trace_pipe (the fallback: trace-cmd is not used)";
    }

    @Override
    public String format() {
        return "ftrace";
    }

    @Override
    public void start(Map<String, String> eventsAndFilters, long bufferKb) throws IOException {
        t.enable(eventsAndFilters, bufferKb);
        t.write("trace", ""); // clears every CPU's buffer and its counters
        OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
        // the header `cat trace` prints, so that the file reads as ftrace text from its first line
        file.write(("# tracer: nop\n#\n#P:" + t.cpus().size() + "\n").getBytes(StandardCharsets.US_ASCII));
        pipe = new FileInputStream(t.path("trace_pipe").toFile());
        reader = new Thread(() -> copy(pipe, file), "trace_pipe reader");
        reader.setDaemon(true);
        reader.start();
        t.write("tracing_on", "1");
    }

    private void copy(InputStream in, OutputStream file) {
        byte[] buf = new byte[1 << 20];
        try (in; file) {
            t.ignoreThisThread(); // its writes of the file are not traced
            // after it has returned something, trace_pipe returns end-of-file once tracing is off and
            // the buffer is empty (see drain); the recording's start marker makes sure something was
            // returned
            for (int n; (n = in.read(buf)) > 0; ) file.write(buf, 0, n);
        } catch (IOException e) {
            failure = e;
        }
    }

    /**
     * trace_pipe gives its end-of-file only to a read that finds the buffer empty with tracing off; a
     * reader already asleep in the kernel when tracing went off is woken only by a new event. So once
     * every CPU's buffer is read empty, tracing is turned on for one marker line and off again: the
     * reader wakes, reads it, and the next read ends.
     */
    @Override
    public void finish() throws IOException {
        drain(120_000);
        if (reader.isAlive()) throw new IOException("trace_pipe did not reach its end within 2 minutes of tracing being turned off");
        if (failure != null) throw new IOException("writing " + out + ": " + failure.getMessage(), failure);
    }

    private void drain(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (reader.isAlive() && System.currentTimeMillis() < deadline) {
            if (CpuStats.read(t).stream().allMatch(s -> s.entries() == 0)) {
                t.write("tracing_on", "1");
                try {
                    t.write("trace_marker", "dioscope record: stop");
                } finally {
                    t.write("tracing_on", "0");
                }
            }
            try {
                reader.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Tracing is already off: lets the reader reach the end of trace_pipe, so that it lets go of it. */
    @Override
    public void abort() {
        if (reader == null) return;
        try {
            drain(10_000);
        } catch (IOException e) {
            // the reader is a daemon thread: at worst it keeps trace_pipe open until the JVM exits
        }
    }
}
