package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database is not silently merged: the same input loaded twice is refused unless --append or --replace. */
class LoadSameContentTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();
    private static final String PUNCH = TestTraces.path("corpus/ext4-punch-overlap.trace.gz").toString();
    /** A trace with a line that cannot be parsed (a parse_problems row) and one with a LOST marker (trace_losses). */
    private static final String TRUNCATED = TestTraces.path("captured/xfs-dio-overlap.truncated.trace.gz").toString();
    private static final String LOST = TestTraces.path("captured/xfs-pipe-lost.trace.gz").toString();

    @Test
    void theSameTraceLoadedTwiceIsRefusedInOneLineAndExit2(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, MMAP).exitCode);
        Cli again = Cli.run("load", "--db", db, MMAP);
        assertEquals(2, again.exitCode, again.toString());
        assertEquals("dioscope: " + MMAP + ": the same content is already loaded as trace 1 (" + MMAP
                + "); --append loads it again, --replace replaces it\n", again.err);
        assertEquals("n\n1\n", csv(db, "SELECT count(*) AS n FROM traces"));
        assertEquals("n\n2885\n", csv(db, "SELECT count(*) AS n FROM events"), "no events of the refused load");
    }

    @Test
    void aDuplicateAmongOtherInputsIsSkippedTheOthersLoadedAndTheExitIs2(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        Cli r = Cli.run("load", "--db", db, MMAP, PUNCH, MMAP);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.out.contains("trace 1: " + MMAP) && r.out.contains("trace 2: " + PUNCH), r.out);
        assertTrue(r.out.contains("database: " + db), r.out);
        assertEquals(1, r.err.strip().split("\n").length, r.err);
        assertTrue(r.err.contains("already loaded as trace 1"), r.err);
        assertEquals("n\n2\n", csv(db, "SELECT count(*) AS n FROM traces"));
    }

    @Test
    void appendLoadsItAgainAsASecondTrace(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, MMAP).exitCode);
        Cli again = Cli.run("load", "--db", db, "--append", MMAP);
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("trace 2: " + MMAP), again.out);
        assertEquals("trace_id,n\n1,2885\n2,2885\n",
                csv(db, "SELECT trace_id, count(*) AS n FROM events GROUP BY ALL ORDER BY trace_id"));
    }

    @Test
    void replaceDeletesTheOldTraceFromEveryTableAndLoadsItUnderANewId(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, TRUNCATED, LOST, PUNCH).exitCode);
        String counts = "SELECT count(*) FILTER (WHERE trace_id = %d) AS truncated, count(*) FILTER (WHERE trace_id = %d)"
                + " AS lost, count(*) FILTER (WHERE trace_id = 3) AS punch FROM events";
        String before = csv(db, String.format(counts, 1, 2));
        assertTrue(csv(db, "SELECT count(*) AS n FROM parse_problems WHERE trace_id = 1").endsWith("\n1\n"));
        assertTrue(csv(db, "SELECT count(*) AS n FROM trace_losses WHERE trace_id = 2").endsWith("\n1\n"));

        Cli r = Cli.run("load", "--db", db, "--replace", TRUNCATED, LOST);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("trace 4: " + TRUNCATED) && r.out.contains("replaces trace 1"), r.out);
        assertTrue(r.out.contains("trace 5: " + LOST) && r.out.contains("replaces trace 2"), r.out);
        assertEquals(before, csv(db, String.format(counts, 4, 5)),
                "the same events, under the new ids; the other trace untouched");
        for (String table : List.of("traces", "events", "trace_losses", "parse_problems")) {
            assertEquals("n\n0\n", csv(db, "SELECT count(*) AS n FROM " + table + " WHERE trace_id IN (1, 2)"), table);
        }
        assertEquals("trace_id\n3\n4\n5\n", csv(db, "SELECT trace_id FROM traces ORDER BY trace_id"));
        assertEquals("n\n1\n", csv(db, "SELECT count(*) AS n FROM parse_problems WHERE trace_id = 4"));
        assertEquals("n\n1\n", csv(db, "SELECT count(*) AS n FROM trace_losses WHERE trace_id = 5"));
    }

    @Test
    void appendAndReplaceTogetherAreAUsageError(@TempDir Path dir) {
        Path db = dir.resolve("t.db");
        for (String command : List.of("load", "analyze", "report")) {
            Cli r = command.equals("report")
                    ? Cli.run(command, "--db", db.toString(), "-o", dir.resolve("html").toString(), "--append",
                            "--replace", MMAP)
                    : Cli.run(command, "--db", db.toString(), "--append", "--replace", MMAP);
            assertEquals(2, r.exitCode, r.toString());
            assertEquals("dioscope: --append and --replace are mutually exclusive\nUsage: dioscope " + command
                    + " [OPTIONS] " + (command.equals("load") ? "TRACE..." : "[TRACE...]") + "\nsee 'dioscope " + command
                    + " --help'\n", r.err, command);
        }
        assertFalse(Files.exists(db), "a usage error creates no database");
    }

    @Test
    void aGzipFileAndItsPlainTextAreDifferentInputs(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("xfs-mmap-overlap.trace");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(MMAP)))) {
            Files.copy(in, plain);
        }
        String db = dir.resolve("t.db").toString();
        Cli r = Cli.run("load", "--db", db, MMAP, plain.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertEquals("compression,n\ngzip,2885\nnone,2885\n",
                csv(db, "SELECT compression, events AS n FROM traces ORDER BY compression"));
    }

    @Test
    void contentSha256AndFileBytesDescribeTheFileAsStoredEvenATruncatedOne(@TempDir Path dir) throws Exception {
        String db = dir.resolve("t.db").toString();
        Cli r = Cli.run("load", "--db", db, MMAP, TRUNCATED);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("incomplete: gzip stream ended early"), "a truncated input loads as before");
        for (String path : List.of(MMAP, TRUNCATED)) {
            byte[] bytes = Files.readAllBytes(Path.of(path));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            assertEquals("file_bytes,content_sha256\n" + bytes.length + "," + sha + "\n",
                    csv(db, "SELECT file_bytes, content_sha256 FROM traces WHERE path = '" + path + "'"));
        }
    }

    @Test
    void aTraceWithLinesButNoEventsIsNotLoaded(@TempDir Path dir) throws Exception {
        // the header of a real trace, without its events
        Path header = dir.resolve("header-only.trace");
        Files.write(header, TestTraces.lines("corpus/xfs-clean.trace.gz").stream()
                .filter(l -> l.startsWith("#")).toList());
        String db = dir.resolve("t.db").toString();
        Cli alone = Cli.run("load", "--db", db, header.toString());
        assertEquals(2, alone.exitCode, alone.toString());
        assertTrue(alone.err.startsWith("dioscope: " + header + ": has no events ("), alone.err);
        Cli mixed = Cli.run("load", "--db", db, header.toString(), MMAP);
        assertEquals(2, mixed.exitCode, mixed.toString());
        assertEquals("path\n" + MMAP + "\n", csv(db, "SELECT path FROM traces"));
    }

    @Test
    void loadAllSaysWhichInputsFailedAndWhy(@TempDir Path dir) throws Exception {
        String notTrace = TestTraces.path("corpus/xfs-clean.extents").toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (io.dioscope.store.Database db = io.dioscope.store.Database.open(null)) {
            LoadResult r = LoadCommand.loadAll(db, List.of(Path.of(MMAP), Path.of(notTrace), Path.of(MMAP)),
                    new LoadingOptions(), false, new PrintWriter(out), new PrintWriter(err));
            assertEquals(1, r.loaded().size());
            assertEquals(2, r.failed().size());
            assertEquals(notTrace, r.failed().get(0).path());
            assertTrue(r.failed().get(0).reason().contains("not a kernel trace"), r.failed().get(0).reason());
            assertEquals(new LoadResult.FailedInput(MMAP, "the same content is already loaded as trace 1 (" + MMAP
                    + "); --append loads it again, --replace replaces it"), r.failed().get(1));
        }
        assertEquals(2, err.toString().strip().split("\n").length, err.toString());
    }

    private static String csv(String db, String sql) {
        Cli q = Cli.run("query", "--db", db, "--format", "csv", sql);
        assertEquals(0, q.exitCode, q.toString());
        return q.out;
    }
}
