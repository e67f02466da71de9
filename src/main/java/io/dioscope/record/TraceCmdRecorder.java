package io.dioscope.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code trace-cmd record}: it splices each CPU's raw ring-buffer pages to disk while the
 * command runs (no formatting in the kernel, no copy through user space) and writes a trace.dat with
 * the event formats, the CPUs' stats and each page's lost-events flag.
 *
 * <p>trace-cmd is started without a command (dioscope runs it, to keep its exit status and its
 * standard streams) and stopped with SIGINT. Two options are there for kernels whose function tracer
 * is locked down (/proc/sys/kernel/ftrace_enabled and set_ftrace_pid not writable): {@code -d}, without
 * which trace-cmd stops at once ("Can't enable ftrace"), and {@code --no-filter}, without which it
 * crashes on set_ftrace_pid. On such kernels it also exits 1 at its very end, after the file is
 * complete, failing to clear set_ftrace_filter: that exit is accepted when every CPU's data was
 * recorded.
 */
final class TraceCmdRecorder implements Recorder {
    private static final long START_TIMEOUT_MS = 30_000;

    private final Tracefs t;
    private final Path out;
    private final Path log;
    private Process process;

    TraceCmdRecorder(Tracefs t, Path out) throws IOException {
        this.t = t;
        this.out = out;
        this.log = Files.createTempFile("dioscope-trace-cmd", ".log");
    }

    static boolean available() {
        return Processes.onPath("trace-cmd");
    }

    @Override
    public String description() {
        return "trace.dat written by trace-cmd record (raw per-CPU pages spliced to disk)";
    }

    @Override
    public String format() {
        return "trace.dat";
    }

    /** The command line for these events and filters. */
    List<String> commandLine(Map<String, String> eventsAndFilters, long bufferKb) {
        List<String> cmd = new ArrayList<>(List.of("trace-cmd", "record", "-d", "--no-filter", "-b", Long.toString(bufferKb),
                "-o", out.toString()));
        for (Map.Entry<String, String> e : eventsAndFilters.entrySet()) {
            cmd.add("-e");
            cmd.add(e.getKey());
            if (e.getValue() != null) {
                cmd.add("-f");
                cmd.add(e.getValue());
            }
        }
        return cmd;
    }

    @Override
    public void start(Map<String, String> eventsAndFilters, long bufferKb) throws IOException {
        t.write("tracing_on", "0");
        Files.deleteIfExists(out);
        process = new ProcessBuilder(commandLine(eventsAndFilters, bufferKb)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // trace-cmd turns tracing on once its recorders run; its "Hit Ctrl^C" line is buffered, so
        // tracing_on is what says it started
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!t.read("tracing_on").strip().equals("1")) {
            if (!process.isAlive()) throw new IOException("trace-cmd record stopped at once (exit " + process.exitValue() + "): " + output());
            if (System.currentTimeMillis() > deadline) {
                abort();
                throw new IOException("trace-cmd record did not turn tracing on within 30 s: " + output());
            }
            sleep(20);
        }
    }

    @Override
    public List<Long> helperProcesses() {
        return process == null ? List.of() : List.of(process.pid());
    }

    @Override
    public void finish() throws IOException {
        signal("-INT");
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                abort();
                throw new IOException("trace-cmd record did not finish within 5 minutes of SIGINT: " + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new IOException("interrupted waiting for trace-cmd record", e);
        }
        int cpus = t.cpus().size();
        long recorded = Files.readAllLines(log).stream().filter(l -> l.matches("CPU\\d+ data recorded at offset=.*")).count();
        if (process.exitValue() != 0 && recorded < cpus || !Files.exists(out)) {
            throw new IOException("trace-cmd record failed (exit " + process.exitValue() + "): " + output());
        }
        Files.deleteIfExists(log);
    }

    private String output() {
        try {
            return Files.readString(log).strip().replace("\n", " | ");
        } catch (IOException e) {
            return "(its output " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    private void signal(String sig) throws IOException {
        Processes.run(List.of("kill", sig, Long.toString(process.pid())));
    }

    @Override
    public void abort() {
        if (process == null || !process.isAlive()) return;
        try {
            signal("-INT");
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
