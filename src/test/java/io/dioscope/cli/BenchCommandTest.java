package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code dioscope bench} working, on a small real trace: the figures it prints are measured
 * elsewhere (see the README), here only that every phase runs and the input it builds is right.
 */
class BenchCommandTest {
    private static final Path MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz");
    private static final long STRIDE = 1L << 32;

    @Test
    void everyPhaseRunsAndTheCopiesStayApart(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("bench", "--trace", MMAP.toString(), "--copies", "1,2", "--work", dir.toString(), "--keep");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("input x1: 2,885 events, 2,897 lines"), r.out);
        assertTrue(r.out.contains("input x2: 5,770 events"), r.out);
        for (String phase : new String[] {"(a) wc -l", "(b) DuckDB read_csv + regexp_extract", "(c) dioscope load",
                "(d) dioscope analyze (model + rules)"}) {
            long rows = Arrays.stream(r.out.split("\n")).filter(l -> l.startsWith(phase)).count();
            assertEquals(2, rows, phase + " measured once per input:\n" + r.out);
        }
        assertTrue(r.out.matches("(?s).*\\(b\\) DuckDB read_csv \\+ regexp_extract +[0-9.]+ +2,885 .*"),
                "DuckDB's split found every event line:\n" + r.out);
        assertEquals(2, r.out.split("ratios: load/duckdb [0-9.]+x", -1).length - 1, r.out);
        assertTrue(r.out.contains("scaling x1 -> x2: analyze "), r.out);
        assertTrue(r.out.contains("(c): of "), "the load says where its time went");

        // the doubled input: the second copy follows the first in time, on its own inode in every spelling
        Path x2 = dir.resolve("xfs-mmap-overlap.trace.x2.trace");
        assertTrue(Files.exists(x2), "--keep keeps the inputs");
        String db = dir.resolve("x2.db").toString();
        assertEquals(1, Cli.run("analyze", "--db", db, x2.toString(), "--format", "json").exitCode, "races found");
        String q = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT ino % " + STRIDE + " AS base, count(*) FILTER (WHERE line <= 2897 AND ino < " + STRIDE + ") AS a,"
                        + " count(*) FILTER (WHERE line > 2897 AND ino >= " + STRIDE + ") AS b, count(*) AS n"
                        + " FROM events WHERE ino IS NOT NULL GROUP BY ALL ORDER BY base").out;
        String[] rows = q.split("\n");
        assertEquals(5, rows.length, q);
        for (int i = 1; i < rows.length; i++) {
            String[] c = rows[i].split(",");
            assertEquals(c[1], c[2], "ino 0x83, ino 83, ino=131 and ino=83 all shifted, each inode once per copy: " + q);
            assertEquals(Long.parseLong(c[3]), 2 * Long.parseLong(c[1]), q);
        }
        String ts = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT max(ts) FILTER (WHERE line <= 2897) < min(ts) FILTER (WHERE line > 2897) AS after FROM events").out;
        assertEquals("after\ntrue\n", ts, "the second copy starts after the first ends");
        String windows = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT ino, count(*) AS n FROM dio_windows GROUP BY ino ORDER BY ino").out;
        assertEquals("ino,n\n131,65\n" + (131 + STRIDE) + ",65\n", windows, "the same windows in each copy");
    }

    /**
     * A trace.dat is multiplied at the record level (its pages copied, each copy's page timestamps moved
     * past the previous copy and its records' inode fields offset) and benchmarked against its report
     * text: the doubled .dat holds each window twice, once per inode.
     */
    @Test
    void aTraceDatIsMultipliedAtTheRecordLevel(@TempDir Path dir) throws Exception {
        Path dat = TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat");
        Cli r = Cli.run("bench", "--trace", dat.toString(), "--copies", "2", "--work", dir.toString(), "--keep");
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("input x2: 918 records"), r.out); // 459 events in its report
        for (String phase : new String[] {"(b) dioscope load of its trace-cmd report text", "(c) dioscope load of the trace.dat",
                "(d) dioscope analyze (model + rules)"}) {
            assertEquals(1, Arrays.stream(r.out.split("\n")).filter(l -> l.startsWith(phase)).count(), phase + "\n" + r.out);
        }
        assertTrue(r.out.contains("ratios: load .dat / load report text "), r.out);
        Path x2 = dir.resolve("xfs-dio-overlap.v7-zstd.x2.dat");
        String db = dir.resolve("x2.db").toString();
        Cli a = Cli.run("analyze", "--db", db, x2.toString(), "--format", "json");
        assertTrue(a.out.contains("\"format\" : \"trace.dat v6\"") || a.out.contains("trace.dat v6"), a.out);
        String windows = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT ino, count(*) AS n FROM dio_windows GROUP BY ino ORDER BY ino").out;
        assertEquals("ino,n\n131,64\n" + (131 + STRIDE) + ",64\n", windows, "the same windows in each copy");
        String ts = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT max(ts) FILTER (WHERE ino < " + STRIDE + ") < min(ts) FILTER (WHERE ino >= " + STRIDE + ") AS after"
                        + " FROM events").out;
        assertEquals("after\ntrue\n", ts, "the second copy starts after the first ends");
    }
}
