package io.dioscope.cli;

import io.dioscope.record.CpuStats;
import io.dioscope.record.RecorderKind;
import io.dioscope.record.Recording;
import io.dioscope.record.RecordingMetadata;
import io.dioscope.record.RecordingPlan;
import io.dioscope.record.Tracefs;
import io.dioscope.report.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope record -o OUT [--fs PATH]... -- COMMAND...}: capture a complete trace of what COMMAND does. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {
            "Record the events dioscope analyses while COMMAND runs (root): the event set from dioscope's catalog, "
                    + "filtered to the filesystems under --fs, streamed to OUT while it runs (a trace.dat written by "
                    + "trace-cmd record, or by dioscope from each CPU's raw pages without trace-cmd), with OUT.meta.json beside it "
                    + "(kernel, page size, filesystems, inode-to-path map) for load and analyze.",
            "Every tracing setting is put back as it was found, on any exit. Exit: COMMAND's status when it failed, "
                    + "else 3 when events were lost, else 0; 2 when recording could not be done."
        })
final class RecordCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "The trace to write (trace.dat with trace-cmd, ftrace text without); "
            + "keep it off the filesystems traced.")
    Path output;

    @Option(names = "--fs", paramLabel = "PATH", description = "Record only the filesystem PATH is on (repeatable): its events are filtered "
            + "in the kernel, and its files are mapped to paths.")
    List<Path> filesystems = new ArrayList<>();

    @Option(names = "--events", paramLabel = "SPEC", description = "default, +EVENT to add, -EVENT to remove (system:name or name; "
            + "repeatable or comma-separated). The default set is the catalog's: see --check.")
    List<String> events = new ArrayList<>();

    @Option(names = "--blk", description = "Add the block layer's tracepoints (block_bio_queue, block_rq_issue, block_rq_complete, ...), "
            + "filtered to the block devices under --fs.")
    boolean blk;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (COMMAND gets SIGTERM); without COMMAND, record this long.")
    Double duration;

    @Option(names = "--buffer-kb", paramLabel = "KB", description = "Ring buffer per CPU, fixed (default: 16384, grown after the first second "
            + "to hold 4 s of the busiest CPU's rate).")
    Long bufferKb;

    @Option(names = "--recorder", paramLabel = "auto|trace-cmd|raw|text", description = "How events reach OUT: trace-cmd record "
            + "(a trace.dat), raw (dioscope reads each CPU's raw pages and writes the trace.dat), text (trace_pipe's ftrace text: "
            + "greppable, loses events sooner). Default auto: trace-cmd when installed, else raw.")
    String recorderOption;

    @Option(names = "--check", description = "Print what would be enabled and why, and change nothing.")
    boolean check;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command to record, after --.")
    List<String> command = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (duration != null && !(duration > 0)) throw new UsageError("--duration: give a positive number of seconds");
        if (bufferKb != null && bufferKb < 4) throw new UsageError("--buffer-kb: at least 4");
        if (!check && output == null) throw new UsageError("-o OUT is required");
        if (!check && command.isEmpty() && duration == null) throw new UsageError("give a COMMAND after --, or --duration SECONDS");
        for (Path p : filesystems) if (!Files.exists(p)) throw new UserError("--fs " + p + ": no such file or directory");
        RecorderKind recorderKind;
        try {
            recorderKind = RecorderKind.choose(recorderOption);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        try {
            Tracefs t = Tracefs.find();
            if (t == null) {
                if (check) {
                    out.println("tracefs: not mounted (record mounts it at /sys/kernel/tracing)");
                    out.flush();
                    return ExitCode.OK;
                }
                requireRoot();
                err.println("dioscope record: mounting tracefs at /sys/kernel/tracing");
                t = Tracefs.mount();
            }
            if (!Files.isReadable(t.path("available_events"))) {
                throw new UserError("cannot read " + t.path("available_events") + ": dioscope record needs root");
            }
            RecordingPlan plan;
            try {
                plan = RecordingPlan.make(t, filesystems, events, blk, bufferKb, recorderKind);
            } catch (IllegalArgumentException e) {
                throw new UsageError(e.getMessage());
            }
            if (check) {
                out.println("tracefs: " + t.root());
                plan.print(out);
                out.flush();
                return ExitCode.OK;
            }
            requireRoot();
            refuseWhenInUse(t);
            for (var m : plan.events.missing()) err.println("dioscope record: not in this kernel: " + m.explain());
            for (String n : plan.notes) err.println("dioscope record: " + n);
            err.println("dioscope record: " + plan.eventsAndFilters.size() + " events"
                    + (plan.filesystems.isEmpty() ? " on every filesystem" : " on " + plan.filesystems.stream()
                            .map(m -> m.mountPoint() + " (" + m.fsType() + ", " + m.dev() + ")").toList())
                    + " -> " + output + " (" + recorderKind.plan + (recorderKind == RecorderKind.RAW && recorderOption == null
                            ? ": trace-cmd is not installed" : "") + ")");
            err.flush();
            Recording recording = new Recording(t, plan, output, err);
            Recording.Result r = recording.run(command, duration);
            Path sidecar = RecordingMetadata.write(output, plan, recording.recorder(), command, r);
            return report(r, sidecar, recording.restoreFailures(), recorderKind, err);
        } catch (IOException e) {
            UserError u = new UserError("record: " + e.getMessage());
            u.initCause(e);
            throw u;
        }
    }

    private int report(Recording.Result r, Path sidecar, List<String> restoreFailures, RecorderKind kind, PrintWriter err) {
        err.printf("dioscope record: wrote %s (%,d bytes) and %s%n", output, sizeOf(output), sidecar);
        if (r.stoppedByDuration()) err.printf("dioscope record: stopped COMMAND after --duration %s s%n", duration);
        long lost = r.lost();
        if (lost > 0) {
            for (CpuStats s : r.stats()) {
                if (s.lost() > 0) {
                    err.printf("dioscope record: %s lost %,d events (overrun %,d, dropped %,d, commit overrun %,d) of %,d%n",
                            s.cpu(), s.lost(), s.overrun(), s.dropped(), s.commitOverrun(), s.written());
                }
            }
            err.printf("dioscope record: INCOMPLETE: %,d events lost; the ring buffer filled faster than %s emptied it. "
                    + "Give a larger --buffer-kb (it was %,d KiB per CPU), keep the events to the filesystems that matter "
                    + "(--fs), remove busy events you do not need (--events -NAME)%s, or write OUT to a faster disk%n", lost,
                    switch (kind) {
                        case TRACE_CMD -> "trace-cmd";
                        case RAW -> "dioscope";
                        case TEXT -> "trace_pipe";
                    }, r.bufferKb(), kind == RecorderKind.TEXT ? ", record raw pages (--recorder raw or trace-cmd: no text formatted in the kernel)" : "");
        } else {
            err.println("dioscope record: complete: no event lost on any CPU");
        }
        if (!restoreFailures.isEmpty()) err.println("dioscope record: tracing was not fully restored (see above)");
        // a COMMAND that --duration stopped exits by the SIGTERM it was sent: that is no failure of it
        if (r.commandExit() != null && r.commandExit() != 0 && !r.stoppedByDuration()) {
            err.println("dioscope record: COMMAND exited with status " + r.commandExit());
            err.flush();
            return r.commandExit();
        }
        err.flush();
        if (!restoreFailures.isEmpty()) return ExitCode.ERROR;
        return lost > 0 ? Verdict.Outcome.INCOMPLETE.exitCode : ExitCode.OK;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void requireRoot() throws IOException {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                .findFirst().orElse("Uid: -1").split("\\s+")[2];
        if (!uid.equals("0")) throw new UserError("dioscope record needs root (tracefs is root's): run it with sudo");
    }

    /** Another tracer's settings would be overwritten and its buffer drained: refuse rather than take them over. */
    private static void refuseWhenInUse(Tracefs t) throws IOException {
        String tracer = t.read("current_tracer").strip();
        long events = t.read("set_event").lines().filter(l -> !l.isBlank()).count();
        if (!tracer.equals("nop") || events > 0) {
            throw new UserError("tracing is in use (current_tracer " + tracer + ", " + events + " events in set_event): "
                    + "dioscope record changes nothing; stop the other tracer (trace-cmd reset) first");
        }
    }
}
