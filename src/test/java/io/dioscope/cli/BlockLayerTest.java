package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.ExtentMap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block-layer traces: blkparse's text (of the kernel's own blk_io_trace records), extent maps, the
 * request lifecycle and btt's latency table, and the device-overlap rule with extents on real
 * captures (src/test/resources/README.md says where each came from).
 */
class BlockLayerTest {
    private static final String BLKPARSE = "blkparse/xfs-pwrite-pread.blkparse";

    @TempDir
    Path tmp;

    @Test
    void blkparseTextLoadsItsRecordsAndCountsItsSummary() {
        Path db = tmp.resolve("b.db");
        Cli load = Cli.run("load", TestTraces.path(BLKPARSE).toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        // 101 records; the 30 lines of the per-CPU and total summary blocks are header lines, not errors
        assertEquals("format,lines,events,header_lines,unparsed_lines,lost_events\nblkparse,131,101,30,0,0",
                Cli.query(db, "SELECT format, lines, events, header_lines, unparsed_lines, lost_events FROM traces"));
        // '  7,0    1        0     0.000054022    22  C  RM 32 + 8 [0]': a completion names no task
        assertEquals("ts,cpu,pid,comm,action,flags,sector,len,error\n54022,1,22,,C,RM,32,4096,0",
                Cli.query(db, "SELECT ts, cpu, pid, comm, action, flags, sector, len, error FROM events WHERE line = 6"));
    }

    @Test
    void theLatencyTableIsBttsOwn() {
        Path db = tmp.resolve("l.db");
        Cli a = Cli.run("analyze", TestTraces.path(BLKPARSE).toString(), "--db", db.toString());
        // the direct pwrite's synchronous write bios are windows of the block layer: judged by the device rule
        assertEquals(0, a.exitCode, a.toString());
        assertTrue(a.out.contains("windows rebuilt from: block"), a.out);
        // btt -i on the same records (blkparse/xfs-pwrite-pread.btt): MIN, AVG, MAX in seconds, N
        assertEquals("""
                phase,n,min_ns,avg_ns,max_ns
                Q2G,15,420,10455,57528
                G2I,5,661,1247050,3912756
                I2D,5,1313,33461,132990
                Q2D,15,871,439226,3928867
                D2C,15,9337,310129,3950298
                Q2C,15,23995,749355,3963382""",
                Cli.query(db, "SELECT phase, n, min_ns, round(avg_ns)::BIGINT AS avg_ns, max_ns FROM blk_latency ORDER BY rowid"));
        // the flush machinery splits 'Q FWFSM' into a preflush, 'D WSM' and a postflush: still one request
        assertEquals("d_line,c_line\n69,70", Cli.query(db, "SELECT d_line, c_line FROM blk_requests WHERE q_line = 64"));
        assertEquals("max_depth\n2", Cli.query(db, "SELECT max(depth) AS max_depth FROM blk_queue_depth"));
    }

    @Test
    void filefragAndXfsBmapPlaceTheSameExtent() throws Exception {
        List<ExtentMap.Extent> frag = ExtentMap.read(TestTraces.path("captured/blk/xfs-clean-blocktp.extents"));
        List<ExtentMap.Extent> bmap = ExtentMap.read(TestTraces.path("captured/blk/xfs-clean-blocktp.bmap"));
        assertEquals(1, frag.size());
        assertEquals(List.of(0L, 192L, 1048576L), List.of(frag.get(0).filePos(), frag.get(0).sector(), frag.get(0).len()));
        assertEquals(List.of(0L, 192L, 1048576L), List.of(bmap.get(0).filePos(), bmap.get(0).sector(), bmap.get(0).len()));
        assertEquals(frag.get(0).path(), bmap.get(0).path());
    }

    @Test
    void anExtentsFileThatIsNotOneIsRefusedWithItsLine() {
        Cli c = Cli.run("load", TestTraces.path(BLKPARSE).toString(), "--extents", TestTraces.path(BLKPARSE).toString());
        assertEquals(2, c.exitCode, c.toString());
        assertTrue(c.err.contains("xfs-pwrite-pread.blkparse:1: not a line of filefrag -v or xfs_bmap -v output"), c.err);
    }

    private String deviceFindings(String scenario) {
        Path db = tmp.resolve(scenario + ".db");
        String base = "captured/blk/xfs-" + scenario + "-blocktp";
        Cli a = Cli.run("analyze", TestTraces.path(base + ".trace.gz").toString(), "--extents",
                TestTraces.path(base + ".extents").toString(), "--db", db.toString(),
                "--rule", "device-overlap-direct-write-vs-pagecache-io");
        assertTrue(a.exitCode == 0 || a.exitCode == 1, a.toString());
        return Cli.query(db, "SELECT severity, evidence, count(*) AS n FROM finding_details GROUP BY ALL ORDER BY ALL");
    }

    @Test
    void theDeviceRuleFiresOnTheOverlapsAndNotOnTheCleanRun() {
        assertEquals("severity,evidence,n\ncritical,survived,3\nwarning,block layer only,56", deviceFindings("read-overlap"));
        assertEquals("severity,evidence,n\ncritical,survived,13\nwarning,block layer only,4", deviceFindings("mmap-overlap"));
        assertEquals("severity,evidence,n", deviceFindings("clean"));
    }

    @Test
    void withExtentsTheFindingNamesTheFileAndItsBytes() {
        Path db = tmp.resolve("m.db");
        String base = "captured/blk/xfs-read-overlap-blocktp";
        Cli.run("analyze", TestTraces.path(base + ".trace.gz").toString(), "--extents",
                TestTraces.path(base + ".extents").toString(), "--db", db.toString());
        String message = Cli.query(db, "SELECT message FROM finding_details WHERE rule = "
                + "'device-overlap-direct-write-vs-pagecache-io' ORDER BY begin_line LIMIT 1");
        assertTrue(message.contains("/f [0x0, 0x10000) (sectors 192-319 of 7:1)"), message);
        // each direct-write window has its own write bio, with the device's time for it
        assertEquals("windows,linked\n" + Cli.query(db, "SELECT count(*) FROM dio_windows WHERE direction = 'write'").split("\n")[1]
                        + "," + Cli.query(db, "SELECT count(*) FROM dio_windows WHERE direction = 'write'").split("\n")[1],
                Cli.query(db, "SELECT (SELECT count(*) FROM dio_windows WHERE direction = 'write') AS windows, "
                        + "count(DISTINCT window_id) AS linked FROM window_blk_requests WHERE in_range AND d2c > 0"));
    }

    /** Analyses a block-only capture (block events alone, no file event) with its extents, failing on warnings. */
    private Cli blockOnly(String scenario, String form, Path db) {
        String base = "captured/blk/xfs-" + scenario + "-blockonly";
        return Cli.run("analyze", TestTraces.path(base + "." + form + ".gz").toString(), "--extents",
                TestTraces.path(base + ".extents").toString(), "--db", db.toString(), "--fail-on", "warning");
    }

    @Test
    void fromBlockEventsAloneTheDeviceRuleFiresOnTheOverlapsAndNotOnTheCleanControl() {
        // the same runs as the blk tracer's text, blkparse's text of its binary records, and the block_*
        // tracepoints of a second tracing instance: the tracer's text stamps microseconds where the
        // binary records (and blkparse) keep nanoseconds, and the instance is a record of its own, so
        // overlaps at the edge of a request's life differ between them (35, 33 and 34 on mmap-overlap)
        List<String> forms = List.of("blk.trace", "blkparse", "trace");
        List<String> expected = List.of("209", "209", "209", "33", "35", "34", "0", "0", "0");
        List<String> actual = new java.util.ArrayList<>();
        for (String scenario : List.of("read-overlap", "mmap-overlap", "clean-reader")) {
            for (String form : forms) {
                Path db = tmp.resolve(scenario + "-" + form + ".db");
                Cli a = blockOnly(scenario, form, db);
                boolean clean = scenario.startsWith("clean");
                assertEquals(clean ? 0 : 1, a.exitCode, scenario + " " + form + ": " + a);
                assertTrue(a.out.contains("judged from block-layer events alone"), a.out);
                assertTrue(!a.out.contains("NOT JUDGEABLE"), a.out);
                actual.add(Cli.query(db, "SELECT count(*) AS n FROM findings WHERE rule = "
                        + "'device-overlap-direct-write-vs-pagecache-io' AND severity = 'warning'").split("\n")[1]);
                assertEquals("n\n0", Cli.query(db, "SELECT count(*) AS n FROM findings WHERE rule <> "
                        + "'device-overlap-direct-write-vs-pagecache-io'"));
            }
        }
        assertEquals(expected, actual);
    }

    @Test
    void theCleanControlHasDirectWritesAndPageCacheReadsInFlightTogetherOfOtherFiles() {
        Path db = tmp.resolve("c.db");
        blockOnly("clean-reader", "blk.trace", db);
        assertEquals("""
                wpath,rpath
                f,g""", Cli.query(db, "SELECT DISTINCT regexp_extract(d.path, '[^/]+$') AS wpath, "
                + "regexp_extract(p.path, '[^/]+$') AS rpath FROM blk_requests d JOIN blk_requests p "
                + "ON p.io_class = 'pagecache-read' AND p.q_ts < d.c_ts AND d.q_ts < p.c_ts "
                + "WHERE d.io_class = 'direct-write'"));
    }

    @Test
    void aBlockOnlyFindingNamesTheFileAndSaysTheEvidenceIsTheBlockLayerAlone() {
        Path db = tmp.resolve("r.db");
        blockOnly("read-overlap", "blkparse", db);
        String message = Cli.query(db, "SELECT message FROM finding_details ORDER BY begin_line LIMIT 1");
        assertTrue(message.contains("/f [0x0, 0x10000) (sectors 192-319 of 7:0) by pid ("), message);
        assertTrue(message.contains("the trace has block-layer events only"), message);
        assertEquals("evidence,direction,outcome\nblock,write,completed",
                Cli.query(db, "SELECT DISTINCT evidence, direction, outcome FROM dio_windows"));
    }

    /**
     * A block-only finding in the machine formats and explain: no inode (null, not 0), the file and its
     * offset where an extent map covers the sectors, else null and the sectors.
     */
    @Test
    void aBlockOnlyFindingHasNoInodeAndItsOffsetOnlyThroughAnExtentMap() throws Exception {
        String trace = TestTraces.path("captured/blk/xfs-read-overlap-blockonly.blkparse.gz").toString();
        String extents = TestTraces.path("captured/blk/xfs-read-overlap-blockonly.extents").toString();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

        Cli without = Cli.run("analyze", trace, "--format", "json");
        com.fasterxml.jackson.databind.JsonNode f = json.readTree(without.out).path("findings").path(0);
        assertEquals("null,null,null,192,65536", f.path("ino") + "," + f.path("path") + "," + f.path("window").path("offset")
                + "," + f.path("window").path("sector") + "," + f.path("window").path("length"), f.toString());
        Cli with = Cli.run("analyze", trace, "--extents", extents, "--format", "json");
        f = json.readTree(with.out).path("findings").path(0);
        assertTrue(f.path("path").asText().endsWith("/f") && f.path("ino").isNull(), f.toString());
        assertEquals("0,192", f.path("window").path("offset") + "," + f.path("window").path("sector"), f.toString());

        Cli csv = Cli.run("analyze", trace, "--format", "csv");
        List<String> header = List.of(csv.out.lines().findFirst().orElseThrow().split(","));
        String[] row = csv.out.lines().filter(l -> l.startsWith("finding,1,")).findFirst().orElseThrow().split(",");
        assertEquals(List.of("", "", "", "192"), List.of(row[header.indexOf("ino")], row[header.indexOf("path")],
                row[header.indexOf("offset")], row[header.indexOf("sector")]));

        Path db = tmp.resolve("e.db");
        Cli.run("analyze", trace, "--db", db.toString());
        Cli e = Cli.run("explain", "1", "--db", db.toString());
        assertTrue(e.out.contains("  a synchronous write bio of 0x10000 bytes at sectors 192-319 of 7:0 (no extent map of these "
                + "sectors: file and offset unknown), completed, queued by"), e.out);
        Path mapped = tmp.resolve("m.db");
        Cli.run("analyze", trace, "--extents", extents, "--db", mapped.toString());
        e = Cli.run("explain", "1", "--db", mapped.toString());
        assertTrue(e.out.matches("(?s).*  a synchronous write bio of 0x10000 bytes at \\S+/f \\(by its extent map: sectors 192-319 of "
                + "7:0\\), file bytes \\[0x0, 0x10000\\), completed, queued by.*"), e.out);
    }

    @Test
    void windowsAndExplainShowTheDeviceSideOfAWindow() {
        String base = "captured/blk/xfs-read-overlap-blocktp";
        String trace = TestTraces.path(base + ".trace.gz").toString();
        String extents = TestTraces.path(base + ".extents").toString();
        Path db = tmp.resolve("w.db");
        Cli w = Cli.run("windows", trace, "--extents", extents, "--db", db.toString(), "--format", "csv");
        assertEquals(0, w.exitCode, w.toString());
        String[] rows = w.out.split("\n");
        assertTrue(rows[0].endsWith(",findings,bios,max_d2c_us"), rows[0]);
        // the first direct write: its one 64 KiB write bio, 547 us at the device
        assertTrue(rows[1].startsWith("1,1,write,completed,7:1,131,0x0,0x10000,") && rows[1].endsWith(",1,547.0"), rows[1]);
        Cli e = Cli.run("explain", "1", "--db", db.toString());
        assertEquals(0, e.exitCode, e.toString());
        assertTrue(e.out.contains("Block requests of the window (its write bios at the device: D2C is the device's time)"), e.out);
        assertTrue(e.out.matches("(?s).*  69917  28727\\.971698  WS     7:1     192  65536  \\S+/f +0x0       true   "
                + "      2\\.0    64\\.0    66\\.0\\n.*"), e.out);
    }

    @Test
    void theHtmlReportHasBttsLatencyTableAndTheDeviceTimeChart() throws Exception {
        Path out = tmp.resolve("report");
        Cli r = Cli.run("report", TestTraces.path(BLKPARSE).toString(), "-o", out.toString(), "--charts", "0");
        assertTrue(r.exitCode == 0 || r.exitCode == 1, r.toString());
        String html = java.nio.file.Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<section id=\"device\"><h2>Device latency</h2>"), html);
        // btt's own D2C for these records (blkparse/xfs-pwrite-pread.btt): 15 requests, 9.3 us to 3.95 ms
        assertTrue(html.contains("<tr><td>1</td><td>7:0</td><td>D2C</td><td class=\"num\">15</td>"), html);
        assertTrue(java.nio.file.Files.size(out.resolve("img/device-latency-1-7-0.png")) > 1000);
    }
}
