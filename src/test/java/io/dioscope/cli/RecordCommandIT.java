package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dioscope.record.ScratchFilesystem;
import io.dioscope.record.Tracefs;
import io.dioscope.record.TracingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dioscope record} on this machine's real kernel: loop-mounted XFS and ext4 (-b 1024), the race
 * workloads and the clean control of samples/workloads recorded through trace-cmd and through
 * dioscope's own reader of the raw pages (trace_pipe_raw), then analysed, every event the kernel wrote
 * found in the file; trace_pipe's text; tracefs compared before and after every recording (a failing
 * command, an error, Ctrl-C); 30 s of the mixed fio job without a lost event; --blk with --duration;
 * btrfs; tracefs mounted by record where it is not (in a mount namespace of its own). Needs root, tracefs,
 * loop devices, mkfs.xfs, mkfs.ext4 and fio (trace-cmd for its tests); without them each test is
 * skipped with the reason. Failsafe runs it in {@code mvn verify} (.ci/run installs the tools).
 */
class RecordCommandIT {
    private static final Path WORKLOADS = Path.of("samples/workloads");
    private static String missing;
    private static Tracefs tracefs;

    @TempDir Path dir;

    @BeforeAll
    static void machine() throws Exception {
        List<String> lacks = new ArrayList<>();
        if (!Files.readString(Path.of("/proc/self/status")).matches("(?s).*\\nUid:\\s+\\d+\\s+0\\s.*")) lacks.add("root");
        for (String tool : List.of("losetup", "mkfs.xfs", "mkfs.ext4", "fio", "mount")) {
            if (!onPath(tool)) lacks.add(tool);
        }
        tracefs = Tracefs.find();
        if (tracefs == null) lacks.add("tracefs (mounted at /sys/kernel/tracing)");
        if (lacks.isEmpty() && !Files.exists(Path.of("/dev/loop-control"))) lacks.add("loop devices (/dev/loop-control)");
        missing = lacks.isEmpty() ? null : String.join(", ", lacks);
        if (missing != null) System.out.println("RecordCommandIT skipped: this machine lacks " + missing);
    }

    @BeforeEach
    void needsTheMachine() {
        assumeTrue(missing == null, () -> "needs " + missing);
    }

    private static void needsTraceCmd() {
        if (!onPath("trace-cmd")) System.out.println("RecordCommandIT: trace-cmd is not installed, test skipped");
        assumeTrue(onPath("trace-cmd"), "needs trace-cmd");
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    private static TracingSettings settings() throws Exception {
        return TracingSettings.capture(tracefs);
    }

    /** dioscope record -o OUT --fs MNT [options] -- fio --output=/dev/null --directory=MNT [fioOptions] WORKLOAD; tracefs as before. */
    private static Cli record(Path out, ScratchFilesystem fs, List<String> options, String workload, String... fioOptions)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("record", "-o", out.toString(), "--fs", fs.mountPoint.toString()));
        args.addAll(options);
        args.addAll(List.of("--", "fio", "--output=/dev/null", "--directory=" + fs.mountPoint));
        args.addAll(List.of(fioOptions));
        args.add(WORKLOADS.resolve(workload).toString());
        TracingSettings before = settings();
        Cli run = Cli.run(args.toArray(String[]::new));
        assertEquals(List.of(), before.differences(settings()), "tracefs left as it was found");
        return run;
    }

    /** The rules of the findings `analyze --format json` reports, and its exit code. */
    private record Analysis(int exitCode, Set<String> rules, JsonNode report) {}

    private static Analysis analyze(Path trace, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", trace.toString(), "--format", "json"));
        args.addAll(List.of(options));
        Cli run = Cli.run(args.toArray(String[]::new));
        JsonNode report = new ObjectMapper().readTree(run.out);
        Set<String> rules = new TreeSet<>();
        for (JsonNode f : report.path("findings")) rules.add(f.path("rule").asText());
        return new Analysis(run.exitCode, rules, report);
    }

    private static void recordedCompletely(Cli run) {
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.err.contains("dioscope record: complete: no event lost on any CPU"), run.err);
    }

    @Test
    void xfsReadOverlapAndControlThroughTraceCmd() throws Exception {
        needsTraceCmd();
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            Path race = dir.resolve("read-overlap.dat");
            Cli run = record(race, xfs, List.of(), "read-overlap.fio");
            recordedCompletely(run);
            assertTrue(run.err.contains("(trace-cmd record -> trace.dat)"), run.err);
            Analysis a = analyze(race);
            assertTrue(a.rules.contains("pagecache-fill-during-dio-write"), a.rules.toString());
            assertEquals("trace.dat v7 zstd", a.report.path("traces").get(0).path("trace").path("format").asText(""),
                    a.report.path("traces").get(0).toString());
            // the sidecar's file map names the workload's file: --file PATH keeps its findings
            Path file = xfs.mountPoint.resolve("read-overlap.dat");
            Analysis focused = analyze(race, "--file", file.toString());
            assertEquals(a.report.path("findings").size(), focused.report.path("findings").size());
            Path html = dir.resolve("read-overlap-report");
            Cli report = Cli.run("report", race.toString(), "-o", html.toString());
            // report exits as analyze does (issue 16): a race recorded live may or may not leave a stale page
            assertEquals(a.exitCode, report.exitCode, report.toString());
            assertTrue(Files.readString(html.resolve("index.html")).contains("pagecache-fill-during-dio-write"));

            Path control = dir.resolve("clean.dat");
            recordedCompletely(record(control, xfs, List.of(), "clean.fio"));
            Analysis clean = analyze(control);
            assertEquals(Set.of(), clean.rules);
            assertEquals(0, clean.exitCode, clean.report.path("verdict").toString());
        }
    }

    @Test
    void ext4SubPageWriteAndControlThroughRawPages() throws Exception {
        try (ScratchFilesystem ext4 = ScratchFilesystem.make(dir, "ext4-1k", "mkfs.ext4", "-q", "-F", "-b", "1024")) {
            Path race = dir.resolve("bwrite-subpage.dat");
            Cli run = record(race, ext4, List.of("--recorder", "raw"), "bwrite-subpage.fio");
            recordedCompletely(run);
            assertTrue(run.err.contains("(trace_pipe_raw -> trace.dat written by dioscope)"), run.err);
            Analysis a = analyze(race);
            assertTrue(a.rules.contains("page-dirtied-during-dio-write"), a.rules.toString());
            assertEquals("trace.dat v6", a.report.path("traces").get(0).path("trace").path("format").asText(""),
                    a.report.path("traces").get(0).toString());
            JsonNode meta = new ObjectMapper().readTree(dir.resolve("bwrite-subpage.dat.meta.json").toFile());
            JsonNode traced = null;
            for (JsonNode m : meta.path("mounts")) if (m.path("traced").asBoolean()) traced = m;
            assertEquals("ext4", traced.path("fstype").asText());
            assertEquals(1024, traced.path("block_size").asInt());
            assertEquals(ext4.loop, traced.path("source").asText());
            assertEquals(0, meta.path("lost_events_total").asLong());
            holdsEveryEventTheKernelWrote(race);
            if (onPath("trace-cmd")) {
                // trace-cmd reads dioscope's trace.dat as its own: every record, each CPU's stats
                String report = ScratchFilesystem.run("trace-cmd", "report", race.toString());
                assertEquals(written(race), report.lines().filter(l -> l.matches(".*\\[\\d+\\]\\s+\\d+\\.\\d+: .*")).count(), report);
                assertTrue(ScratchFilesystem.run("trace-cmd", "report", "--stat", race.toString()).contains("overrun: 0"));
            }

            Path control = dir.resolve("clean.dat");
            recordedCompletely(record(control, ext4, List.of("--recorder", "raw"), "clean.fio"));
            Analysis clean = analyze(control);
            assertEquals(Set.of(), clean.rules);
            assertEquals(0, clean.exitCode, clean.report.path("verdict").toString());
        }
    }

    /** The events the kernel wrote to the ring buffers while recording, from the sidecar: a complete trace holds exactly these. */
    private static long written(Path trace) throws Exception {
        JsonNode meta = new ObjectMapper().readTree(trace.resolveSibling(trace.getFileName() + ".meta.json").toFile());
        long n = 0;
        for (JsonNode cpu : meta.path("events_written")) n += cpu.asLong();
        assertTrue(n > 0, meta.toString());
        return n;
    }

    private Path holdsEveryEventTheKernelWrote(Path trace) throws Exception {
        Path db = dir.resolve(trace.getFileName() + ".duckdb");
        Cli load = Cli.run("load", trace.toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        assertEquals("events\n" + written(trace), Cli.query(db, "SELECT events FROM traces"));
        return db;
    }

    @Test
    void aFailingCommandsStatusIsRecordsAndTracingIsRestored() throws Exception {
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            TracingSettings before = settings();
            Path out = dir.resolve("fails.trace");
            Cli run = Cli.run("record", "--recorder", "text", "-o", out.toString(), "--fs", xfs.mountPoint.toString(), "--",
                    "sh", "-c", "exit 7");
            assertEquals(7, run.exitCode, run.toString());
            assertTrue(run.err.contains("COMMAND exited with status 7"), run.err);
            // trace_pipe's text, with the markers around the command
            String text = Files.readString(out);
            assertTrue(text.startsWith("# tracer: nop\n") && text.contains("dioscope record: end, command exit 7"), text);
            assertEquals(List.of(), before.differences(settings()));
        }
    }

    @Test
    void anErrorWhileRecordingRestoresTracing() throws Exception {
        needsTraceCmd();
        TracingSettings before = settings();
        // trace-cmd cannot create its output in a missing directory: it stops at once
        Cli run = Cli.run("record", "-o", dir.resolve("no/such/dir/t.dat").toString(), "--", "true");
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("dioscope: record: trace-cmd record"), run.err);
        assertEquals(List.of(), before.differences(settings()));
    }

    @Test
    void ctrlCRestoresTracing() throws Exception {
        TracingSettings before = settings();
        Path out = dir.resolve("interrupted.dat");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "record", "--recorder", "raw", "-o", out.toString(),
                "--", "sleep", "60").redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!tracefs.read("tracing_on").strip().equals("1") || tracefs.read("set_event").isBlank()) {
            assertTrue(p.isAlive() && System.currentTimeMillis() < deadline, () -> "record did not start: " + log());
            Thread.sleep(50);
        }
        Thread.sleep(1000); // the start marker is written once tracing is on
        ScratchFilesystem.run("kill", "-INT", Long.toString(p.pid()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "record did not end on SIGINT");
        assertEquals(List.of(), before.differences(settings()), log());
        // what was read before the signal is still a trace.dat: its start marker loads
        Path db = dir.resolve("interrupted.duckdb");
        assertEquals(0, Cli.run("load", out.toString(), "--db", db.toString()).exitCode, log());
        assertEquals("n\n1", Cli.query(db, "SELECT count(*) AS n FROM events WHERE event = 'tracing_mark_write' AND message = 'dioscope record: start'"));
        // OUT is on a traced filesystem (no --fs): the reader threads' own writes of it are not in it
        assertEquals("own\n0", Cli.query(db, "SELECT count(*) AS own FROM events WHERE comm LIKE 'trace_pipe%'"));
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("record.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void checkPrintsThePlanAndChangesNothing() throws Exception {
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            TracingSettings before = settings();
            Cli run = Cli.run("record", "--check", "--fs", xfs.mountPoint.toString(), "--events", "-iomap_iter,+sched:sched_process_exec");
            assertEquals(0, run.exitCode, run.toString());
            String[] mm = ScratchFilesystem.run("stat", "-c", "%t %T", xfs.loop).strip().split(" ");
            long dev = (Long.parseLong(mm[0], 16) << 20) | Long.parseLong(mm[1], 16);
            assertTrue(run.out.contains("  iomap:iomap_dio_rw_begin  -- dio-begin: "), run.out);
            assertTrue(run.out.contains("      filter: dev == " + dev + "\n"), run.out);
            assertTrue(run.out.contains("      filter: s_dev == " + dev + "\n"), run.out);
            assertTrue(run.out.contains("  sched:sched_process_exec  -- added by --events\n"), run.out);
            assertFalse(run.out.contains("iomap:iomap_iter "), run.out);
            assertEquals(List.of(), before.differences(settings()));
        }
    }

    @Test
    void blockTracepointsForADurationThroughTraceCmd() throws Exception {
        needsTraceCmd();
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            Path out = dir.resolve("blk.dat");
            TracingSettings before = settings();
            // the race, then a command that would run on: --duration stops it
            Cli run = Cli.run("record", "-o", out.toString(), "--fs", xfs.mountPoint.toString(), "--blk", "--duration", "4",
                    "--", "sh", "-c", "fio --output=/dev/null --directory=" + xfs.mountPoint + " "
                            + WORKLOADS.resolve("read-overlap.fio") + " && exec sleep 120");
            assertEquals(List.of(), before.differences(settings()), "tracefs left as it was found");
            recordedCompletely(run);
            assertTrue(run.err.contains("dioscope record: stopped COMMAND after --duration 4.0 s"), run.err);
            JsonNode meta = new ObjectMapper().readTree(dir.resolve("blk.dat.meta.json").toFile());
            assertTrue(meta.path("stopped_by_duration").asBoolean(), meta.toString());
            assertTrue(Duration.between(meta.path("started").asText(), meta.path("ended").asText()) < 60, meta.toString());

            Path db = dir.resolve("blk.duckdb");
            assertEquals(0, Cli.run("load", out.toString(), "--db", db.toString()).exitCode);
            String[] mm = ScratchFilesystem.run("stat", "-c", "%t %T", xfs.loop).strip().split(" ");
            String dev = Long.parseLong(mm[0], 16) + ":" + Long.parseLong(mm[1], 16);
            // the block tracepoints of the scratch device only, each request once, every line read
            assertEquals("dev\n" + dev, Cli.query(db, "SELECT DISTINCT dev FROM events WHERE event LIKE 'block_%'"));
            assertEquals("blk_lines,unparsed\n0,0", Cli.query(db, "SELECT count(*) FILTER (WHERE event = 'blk') AS blk_lines, "
                    + "(SELECT sum(unparsed_lines) FROM traces) AS unparsed FROM events"));
            // the same request twice is the same CPU's event twice; two tasks on two CPUs may queue one sector
            // in the same nanosecond (fio's jobs here hit one range, and about 1 event in 700 shares its timestamp
            // with another CPU's event: a CI run failed on such a pair)
            assertEquals("duplicated\n0", Cli.query(db, "SELECT count(*) AS duplicated FROM (SELECT cpu, pid, sector, ts FROM events "
                    + "WHERE action = 'Q' GROUP BY ALL HAVING count(*) > 1)"));
            Analysis a = analyze(out);
            assertTrue(a.rules.containsAll(List.of("pagecache-fill-during-dio-write", "device-overlap-direct-write-vs-pagecache-io")),
                    a.rules.toString());
        }
    }

    @Test
    void btrfsIsFilteredOnItsAnonymousSuperblockAndItsOwnBdi() throws Exception {
        needsTraceCmd();
        if (!onPath("mkfs.btrfs")) System.out.println("RecordCommandIT: mkfs.btrfs is not installed, test skipped");
        assumeTrue(onPath("mkfs.btrfs"), "needs mkfs.btrfs");
        // nodatasum: with data checksums, btrfs writes O_DIRECT data through the page cache (the note below)
        try (ScratchFilesystem btrfs = ScratchFilesystem.makeMounted(dir, "btrfs", "nodatasum", "mkfs.btrfs", "-q", "-f")) {
            Path out = dir.resolve("btrfs.dat");
            Cli run = record(out, btrfs, List.of(), "read-overlap.fio");
            recordedCompletely(run);
            assertFalse(run.err.contains("is btrfs: kernels with btrfs commit 968f19c5b1b7"), "nodatasum: " + run.err);
            JsonNode meta = new ObjectMapper().readTree(dir.resolve("btrfs.dat.meta.json").toFile());
            JsonNode traced = null;
            for (JsonNode m : meta.path("mounts")) if (m.path("traced").asBoolean()) traced = m;
            String dev = traced.path("dev").asText();
            assertTrue(dev.startsWith("0:"), "an anonymous superblock device, not the loop device: " + dev);
            long kernelDev = Long.parseLong(dev.substring(2));
            assertEquals("s_dev == " + kernelDev, meta.path("events").path("filemap:mm_filemap_add_to_page_cache").asText());
            assertEquals("dev == " + kernelDev, meta.path("events").path("iomap:iomap_dio_rw_begin").asText());
            String bdi = null;
            try (var fss = Files.list(Path.of("/sys/fs/btrfs"))) {
                for (Path fs : fss.toList()) {
                    if (Files.exists(fs.resolve("devices").resolve(Path.of(btrfs.loop).getFileName()))) {
                        bdi = fs.resolve("bdi").toRealPath().getFileName().toString();
                    }
                }
            }
            assertTrue(bdi != null && bdi.startsWith("btrfs-"), "btrfs's own bdi: " + bdi);
            assertEquals("name == \"" + bdi + "\"", meta.path("events").path("writeback:writeback_dirty_folio").asText());
            // the file map walks the subvolume (its st_dev is not the superblock's)
            boolean mapped = false;
            for (JsonNode f : meta.path("files")) mapped |= f.path("path").asText().equals(btrfs.mountPoint.resolve("read-overlap.dat").toString());
            assertTrue(mapped, meta.path("files").toString());
            Analysis a = analyze(out);
            assertTrue(a.rules.contains("pagecache-fill-during-dio-write"), a.rules.toString());
        }
    }

    @Test
    void tracefsIsMountedWhereItIsNot() throws Exception {
        assumeTrue(onPath("unshare"), "needs unshare");
        // a mount namespace of its own, where tracefs is unmounted: the machine's mounts stay as they are
        Path out = dir.resolve("mounted.trace");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TracingSettings before = settings();
        Process p = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "umount /sys/kernel/debug/tracing 2>/dev/null; umount /sys/kernel/debug 2>/dev/null; "
                        + "umount /sys/kernel/tracing && exec \"$0\" \"$@\"", java, "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "record", "--recorder", "text", "-o", out.toString(),
                "--duration", "1").redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "record did not end");
        assertEquals(0, p.exitValue(), log());
        assertTrue(log().contains("dioscope record: mounting tracefs at /sys/kernel/tracing\n"), log());
        assertTrue(Files.readString(out).startsWith("# tracer: nop\n"));
        assertEquals(List.of(), before.differences(settings()));
        assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).contains(" /sys/kernel/tracing "), "still mounted here");
    }

    @Test
    void aBufferTooSmallLosesEventsAndSaysSo() throws Exception {
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            Path out = dir.resolve("small.dat");
            // 8 KiB a CPU under the mixed job: the ring buffer overruns before dioscope reads its pages
            Cli run = record(out, xfs, List.of("--recorder", "raw", "--buffer-kb", "8"), "mixed.fio", "--runtime=5");
            assertEquals(io.dioscope.report.Verdict.Outcome.INCOMPLETE.exitCode, run.exitCode, run.toString());
            assertTrue(run.err.contains("dioscope record: INCOMPLETE: "), run.err);
            assertTrue(run.err.contains("Give a larger --buffer-kb (it was 8 KiB per CPU)"), run.err);
            JsonNode meta = new ObjectMapper().readTree(dir.resolve("small.dat.meta.json").toFile());
            assertTrue(meta.path("lost_events_total").asLong() > 0, meta.toString());
            Analysis a = analyze(out);
            // the loss is in the trace too: analyze reports it incomplete (its findings there uncertain)
            assertFalse(a.report.path("complete").asBoolean(true), a.report.path("verdict").toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace-cmd", "raw"})
    void thirtySecondsOfTheMixedJobLoseNothing(String recorder) throws Exception {
        if (recorder.equals("trace-cmd")) needsTraceCmd();
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            Path out = dir.resolve("mixed.dat");
            Cli run = record(out, xfs, List.of("--recorder", recorder), "mixed.fio", "--runtime=30");
            recordedCompletely(run);
            Path db = holdsEveryEventTheKernelWrote(out);
            assertEquals("lost_events,loss_lines\n0,0", Cli.query(db, "SELECT lost_events, loss_lines FROM traces"));
            JsonNode meta = new ObjectMapper().readTree(dir.resolve("mixed.dat.meta.json").toFile());
            assertTrue(Duration.between(meta.path("started").asText(), meta.path("ended").asText()) >= 30, meta.toString());
        }
    }

    private static final class Duration {
        static long between(String from, String to) {
            return java.time.Duration.between(java.time.Instant.parse(from), java.time.Instant.parse(to)).toSeconds();
        }
    }
}
