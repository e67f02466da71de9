package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.record.ScratchFilesystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blktrace itself, where it can run: the read-overlap race recorded on a loop-mounted XFS by {@code blktrace -d
 * LOOP}, its per-CPU binary files loaded as one trace with the same records as {@code blkparse}'s text of them
 * (process names from the notify records), and the device rule finding the race in them with the file's
 * {@code filefrag -v -b512} extents. Needs root, loop devices, mkfs.xfs, fio, blktrace and blkparse, and
 * blktrace's debugfs files: on machines that block them (this project's VMs: {@code open
 * /sys/kernel/debug/block/loop0/trace0: Operation not permitted}) it is skipped saying so, and the binary
 * reader is tested on the blk tracer's records of the same structure instead ({@link BlktraceBinaryLoadTest}).
 */
class BlktraceCaptureIT {
    private static final Path WORKLOADS = Path.of("samples/workloads");
    private static final String COLUMNS = "ts, cpu, pid, comm, event, dev, action, flags, sector, len, error";

    @TempDir Path dir;

    @Test
    void blktraceFilesOfTheReadOverlapRaceLoadAndTheDeviceRuleFindsIt() throws Exception {
        needs();
        try (ScratchFilesystem xfs = ScratchFilesystem.make(dir, "xfs", "mkfs.xfs", "-q", "-f")) {
            Path out = Files.createDirectories(dir.resolve("blktrace"));
            Process blktrace = new ProcessBuilder(which("blktrace"), "-d", xfs.loop, "-D", out.toString(), "-o", "scratch", "-w", "60")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("blktrace.log").toFile()).start();
            if (blktrace.waitFor(2, TimeUnit.SECONDS)) {
                String log = Files.readString(dir.resolve("blktrace.log"), StandardCharsets.UTF_8);
                String first = log.lines().findFirst().orElse("exit " + blktrace.exitValue());
                if (log.contains("/sys/kernel/debug") || log.contains("Operation not permitted")) {
                    System.out.println("BlktraceCaptureIT: blktrace cannot run here (debugfs blocked): " + first);
                    assumeTrue(false, "blktrace cannot run here (debugfs blocked): " + first);
                }
                fail("blktrace ended before the workload: " + log);
            }
            ScratchFilesystem.run("fio", "--output=/dev/null", "--directory=" + xfs.mountPoint,
                    WORKLOADS.resolve("read-overlap.fio").toString());
            ScratchFilesystem.run("sync");
            blktrace.destroy(); // SIGTERM: blktrace writes what it has and ends
            assertTrue(blktrace.waitFor(30, TimeUnit.SECONDS), "blktrace did not end on SIGTERM");
            Path extents = dir.resolve("read-overlap.extents");
            Files.writeString(extents, ScratchFilesystem.run(which("filefrag"), "-v", "-b512",
                    xfs.mountPoint.resolve("read-overlap.dat").toString()));

            List<Path> cpus = cpuFiles(out);
            assertTrue(!cpus.isEmpty(), "no scratch.blktrace.N in " + out);
            Path bin = dir.resolve("bin.duckdb");
            Cli load = Cli.run(concat(List.of("load"), cpus, List.of("--db", bin.toString())));
            assertEquals(0, load.exitCode, load.toString());
            assertEquals("unparsed_lines,complete\n0,true", Cli.query(bin, "SELECT unparsed_lines, complete FROM traces"));
            // the notify records name the tasks: fio's queued writes carry its name, as in blkparse's text
            assertTrue(Cli.query(bin, "SELECT DISTINCT comm FROM events WHERE action = 'Q'").contains("fio"),
                    Cli.query(bin, "SELECT comm, count(*) FROM events GROUP BY ALL"));

            Path text = dir.resolve("scratch.blkparse");
            Files.writeString(text, ScratchFilesystem.run(which("blkparse"), "-i", "scratch", "-D", out.toString()));
            Path textDb = dir.resolve("text.duckdb");
            Cli other = Cli.run("load", text.toString(), "--db", textDb.toString());
            assertEquals(0, other.exitCode, other.toString());
            assertEquals("n\n0", Cli.query(bin, "ATTACH '" + textDb + "' AS t (READ_ONLY); SELECT count(*) AS n FROM ("
                    + "(SELECT " + COLUMNS + " FROM events EXCEPT ALL SELECT " + COLUMNS + " FROM t.events) UNION ALL "
                    + "(SELECT " + COLUMNS + " FROM t.events EXCEPT ALL SELECT " + COLUMNS + " FROM events))"));

            Path db = dir.resolve("a.duckdb");
            Cli a = Cli.run(concat(List.of("analyze"), cpus, List.of("--extents", extents.toString(), "--db", db.toString(),
                    "--fail-on", "warning")));
            assertEquals(1, a.exitCode, a.toString());
            String found = Cli.query(db, "SELECT DISTINCT rule, severity FROM findings");
            assertTrue(found.contains("device-overlap-direct-write-vs-pagecache-io,warning"), found);
            assertTrue(a.out.contains("read-overlap.dat"), a.out);
        }
    }

    private static List<Path> cpuFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.getFileName().toString().matches("scratch\\.blktrace\\.\\d+")).sorted().toList();
        }
    }

    private static String[] concat(List<String> head, List<Path> files, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        files.forEach(f -> all.add(f.toString()));
        all.addAll(tail);
        return all.toArray(String[]::new);
    }

    private static void needs() throws IOException {
        List<String> lacks = new ArrayList<>();
        if (!Files.readString(Path.of("/proc/self/status")).matches("(?s).*\\nUid:\\s+\\d+\\s+0\\s.*")) lacks.add("root");
        for (String tool : List.of("losetup", "mkfs.xfs", "fio", "mount", "blktrace", "blkparse", "filefrag")) {
            if (!onPath(tool)) lacks.add(tool);
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) lacks.add("loop devices (/dev/loop-control)");
        if (!lacks.isEmpty()) System.out.println("BlktraceCaptureIT skipped: this machine lacks " + String.join(", ", lacks));
        assumeTrue(lacks.isEmpty(), () -> "needs " + String.join(", ", lacks));
    }

    private static boolean onPath(String program) {
        return which(program) != null;
    }

    /** The program's path: blktrace lives in /usr/sbin, which a user's PATH may lack. */
    private static String which(String program) {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return Path.of(d, program).toString();
        }
        return null;
    }
}
