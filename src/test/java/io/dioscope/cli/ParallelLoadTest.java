package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jobs N} (issue 13): traces loaded at once end as they would one after the other: the same
 * trace numbers, the same refusals, the same report, whatever finished first.
 */
class ParallelLoadTest {
    /** Real traces of every kind in one directory, with an unreadable one and a second copy of one. */
    private static Path batch(Path dir) throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        for (String t : List.of("corpus/xfs-mmap-overlap.trace.gz", "corpus/ext4-clean.trace.gz",
                "corpus/ext4-read-overlap.trace.gz", "corpus/xfs-dio-overlap.trace.gz")) {
            Files.copy(TestTraces.path(t), runs.resolve(Path.of(t).getFileName()));
        }
        Files.copy(TestTraces.path("trace-cmd/xfs-read-overlap.instance.v7-zstd.dat"), runs.resolve("inst.dat"));
        Files.copy(TestTraces.path("corpus/ext4-clean.extents"), runs.resolve("broken.trace"));
        // the same bytes under a later name: refused as a duplicate of the first, however the loads overlap
        Files.copy(TestTraces.path("corpus/ext4-clean.trace.gz"), runs.resolve("zz-copy-of-ext4-clean.trace.gz"));
        return runs;
    }

    @Test
    void theReportDoesNotDependOnTheNumberOfJobs(@TempDir Path dir) throws Exception {
        Path runs = batch(dir);
        Cli one = Cli.run("analyze", "--format", "json", "--jobs", "1", runs.toString());
        Cli three = Cli.run("analyze", "--format", "json", "--jobs", "3", runs.toString());
        assertEquals(ExitCode.ERROR, one.exitCode, one.toString());
        assertEquals(one.out, three.out, "the JSON report of --jobs 3 is that of --jobs 1");
        assertEquals(one.err.lines().filter(l -> !l.contains(" events/s")).toList(),
                three.err.lines().filter(l -> !l.contains(" events/s")).toList(), "the same inputs refused, in the same order");
        assertTrue(three.err.contains("zz-copy-of-ext4-clean.trace.gz: the same content is already loaded as trace 2"), three.err);
        assertTrue(three.err.contains("broken.trace:1: not a kernel trace"), three.err);
    }

    @Test
    void inputNIsTraceNAndReplacingFollowsInputOrder(@TempDir Path dir) throws Exception {
        Path runs = batch(dir);
        Path db = dir.resolve("runs.duckdb");
        Cli load = Cli.run("load", "--jobs", "4", "--replace", "--db", db.toString(), runs.toString());
        assertEquals(ExitCode.ERROR, load.exitCode, "broken.trace fails the load:\n" + load);
        // inputs in name order: broken.trace (1st) leaves its number unused; the copy (last) replaces trace 2
        Cli q = Cli.run("query", "--db", db.toString(), "--format", "csv",
                "SELECT trace_id, regexp_extract(path, '[^/]+$') AS file FROM traces ORDER BY trace_id");
        assertEquals(String.join("\n", "trace_id,file",
                "3,ext4-read-overlap.trace.gz",
                "4,inst.dat",
                "5,inst.dat@dioscope-inst",
                "6,xfs-dio-overlap.trace.gz",
                "7,xfs-mmap-overlap.trace.gz",
                "8,zz-copy-of-ext4-clean.trace.gz") + "\n", q.out.replace("\r\n", "\n"), q.toString());
        assertTrue(load.out.contains("trace 8: " + runs.resolve("zz-copy-of-ext4-clean.trace.gz")), load.out);
        assertTrue(load.out.contains("replaces trace 2"), load.out);
        Cli events = Cli.run("query", "--db", db.toString(), "--format", "csv",
                "SELECT count(*) AS orphans FROM events WHERE trace_id NOT IN (SELECT trace_id FROM traces)");
        assertEquals("orphans\n0\n", events.out.replace("\r\n", "\n"), "the replaced trace's events are gone");
    }

    @Test
    void jobsAreBoundedByTheHeapAndTheInputs() {
        long mib = 1L << 20;
        assertEquals(2, BatchLoad.jobs(8, 44, 256 * mib), "(256 - 128) MiB holds two loads of 64 MiB");
        assertEquals(1, BatchLoad.jobs(8, 44, 100 * mib), "a heap smaller than the reserve still loads one");
        assertEquals(3, BatchLoad.jobs(8, 3, 4096 * mib), "never more jobs than inputs");
        assertEquals(8, BatchLoad.jobs(8, 44, 4096 * mib));
        Cli zero = Cli.run("load", "--jobs", "0", "x.trace");
        assertEquals(ExitCode.ERROR, zero.exitCode, zero.toString());
        assertTrue(zero.err.contains("--jobs: must be 1 or more, not 0"), zero.err);
    }
}
