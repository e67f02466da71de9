package io.dioscope.record;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One recording: snapshot tracefs, start the recorder, run the command, size the buffers from the
 * first second, stop, read each CPU's losses, and put every setting back as it was found — on a
 * normal end, a failing command, an exception, and (through a shutdown hook) Ctrl-C or SIGTERM.
 */
public final class Recording {
    /** What a recording did. {@code commandExit} is null when there was no command (--duration only). */
    public record Result(Integer commandExit, boolean stoppedByDuration, List<CpuStats> stats, long bufferKb,
            Instant started, Instant ended) {
        public long lost() {
            return CpuStats.totalLost(stats);
        }
    }

    private final Tracefs t;
    private final RecordingPlan plan;
    private final Path out;
    private final PrintWriter err;
    private final Recorder recorder;
    private TracingSettings before;
    private Process child;
    private List<String> restoreFailures;

    public Recording(Tracefs t, RecordingPlan plan, Path out, PrintWriter err) throws IOException {
        this.t = t;
        this.plan = plan;
        this.out = out;
        this.err = err;
        this.recorder = plan.recorder.open(t, out);
    }

    public Recorder recorder() {
        return recorder;
    }

    /** Records while {@code command} runs (or, when it is empty, for {@code seconds}), at most {@code seconds} when given. */
    public Result run(List<String> command, Double seconds) throws IOException {
        before = TracingSettings.capture(t);
        Thread hook = new Thread(this::cleanUp, "dioscope record: restore tracing");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return record(command, seconds);
        } finally {
            cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it did the same clean-up
            }
        }
    }

    private Result record(List<String> command, Double seconds) throws IOException {
        Instant started = Instant.now();
        write("tracing_on", "0");
        write("trace", ""); // every CPU's buffer and counters cleared: the stats then count this recording only
        if (t.exists("set_event_notrace_pid") && t.exists("options/event-fork")) write("options/event-fork", "0");
        recorder.start(plan.eventsAndFilters, plan.bufferKb);
        ignoreHelpers();
        marker("dioscope record: start");
        long begin = System.nanoTime();
        long deadline = seconds == null ? Long.MAX_VALUE : begin + (long) (seconds * 1e9);
        if (!command.isEmpty()) child = new ProcessBuilder(command).inheritIO().start();
        long bufferKb = plan.bufferKb;
        waitUntil(Math.min(deadline, begin + 1_000_000_000L));
        if (plan.sizeBuffers) {
            double elapsed = (System.nanoTime() - begin) / 1e9;
            List<CpuStats> first = CpuStats.read(t);
            long kb = BufferSizing.sizeKb(first, elapsed, bufferKb, BufferSizing.capKb(first.size()));
            long events = first.stream().mapToLong(CpuStats::written).sum();
            if (kb > bufferKb) {
                write("buffer_size_kb", Long.toString(kb));
                bufferKb = kb;
            }
            err.printf("dioscope record: %,d events in the first %.1f s: buffers %,d KiB per CPU%n", events, elapsed, bufferKb);
            err.flush();
        }
        waitUntil(deadline);
        boolean stopped = false;
        Integer exit = null;
        if (child != null) {
            if (child.isAlive()) {
                stopped = true;
                stop(child);
            }
            exit = child.exitValue();
        }
        marker("dioscope record: end" + (exit == null ? "" : ", command exit " + exit));
        write("tracing_on", "0");
        List<CpuStats> stats = CpuStats.read(t);
        recorder.finish();
        return new Result(exit, stopped, stats, bufferKb, started, Instant.now());
    }

    /**
     * The recorder's own writes of the output are file events too, on a traced filesystem when OUT is
     * on one (always without --fs): they would fill the trace with the recording itself. So the tasks
     * that write it are put in set_event_notrace_pid (kernels since 5.8): dioscope's reader threads put
     * themselves there ({@link Tracefs#ignoreThisThread}), trace-cmd's processes are put there here.
     * event-fork is turned off first, lest COMMAND inherit the exclusion. Not this JVM's other threads:
     * the kernel drops a trace_marker write of an excluded task too, and this thread writes the markers.
     */
    private void ignoreHelpers() throws IOException {
        if (!t.exists("set_event_notrace_pid")) return;
        for (long helper : recorder.helperProcesses()) {
            for (long task : Processes.tasksUnder(helper)) {
                synchronized (this) {
                    if (restoreFailures == null) t.append("set_event_notrace_pid", Long.toString(task));
                }
            }
        }
    }

    /** Waits for the command to end or the time to come, whichever is first (no command: the time). */
    private void waitUntil(long deadlineNanos) throws IOException {
        try {
            if (child == null) {
                long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (deadlineNanos == Long.MAX_VALUE) throw new IllegalStateException("no command and no duration");
                if (ms > 0) Thread.sleep(ms);
            } else if (deadlineNanos == Long.MAX_VALUE) {
                child.waitFor();
            } else {
                long ns = deadlineNanos - System.nanoTime();
                if (ns > 0) child.waitFor(ns, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** --duration ran out: SIGTERM, then SIGKILL after 10 s. */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A write of the recording's own, skipped once the settings were restored: after Ctrl-C the
     * shutdown hook restores them while this thread may still be running on.
     */
    private synchronized void write(String file, String value) throws IOException {
        if (restoreFailures == null) t.write(file, value);
    }

    private void marker(String text) {
        try {
            write("trace_marker", text);
        } catch (IOException e) {
            // a marker only helps a reader find the command in the trace; a kernel without
            // trace_marker (or with it locked down) records the same events
        }
    }

    /** Stops the recorder and the command if they still run, and restores tracefs; runs once. */
    private synchronized void cleanUp() {
        if (restoreFailures != null) return;
        if (child != null && child.isAlive()) stop(child);
        try {
            t.write("tracing_on", "0");
        } catch (IOException e) {
            // the restore below reports what cannot be written
        }
        recorder.abort();
        restoreFailures = new ArrayList<>(before.restore(t));
        for (String f : restoreFailures) err.println("dioscope record: could not restore " + f);
        err.flush();
    }

    /** What the restore could not write back (empty: tracefs is as it was found). */
    public List<String> restoreFailures() {
        return restoreFailures == null ? List.of() : restoreFailures;
    }
}
