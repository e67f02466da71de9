package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block traces of the whole disk under a filesystem on its partition ({@code capture-blk.sh
 * --partition --block-only}: XFS on 259:0, the first partition of loop0, from its sector 2048; the
 * blk tracer and the block tracepoints of 7:0): every bio is remapped from the partition to the disk
 * before it is queued, and the extent maps are of the partition (src/test/resources/README.md).
 */
class PartitionRemapTest {
    private static final String BLK = "captured/blk/xfs-";
    /** The partition's first sector on the disk (the captures' .truth). */
    private static final long START = 2048;

    @TempDir
    Path tmp;

    private Path db(String name) {
        return tmp.resolve(name + ".db");
    }

    /** Analyses a capture with its extents, failing on warnings; checks the exit code. */
    private Cli analyze(String scenario, String form, Path db, int exitCode) {
        String base = BLK + scenario + "-partition-blockonly";
        Cli c = Cli.run("analyze", TestTraces.path(base + "." + form + ".gz").toString(), "--extents",
                TestTraces.path(base + ".extents").toString(), "--db", db.toString(), "--fail-on", "warning");
        assertEquals(exitCode, c.exitCode, scenario + " " + form + ": " + c);
        return c;
    }

    @Test
    void theThreeFormsReadTheRemapsSource() {
        // '7,0    A  RA 2240 + 32 <- (259,0) 192' (the blk tracer), 'block_bio_remap: 7,0 WS 2240 + 128 <- (259,0)
        // 192' (the tracepoint), '7,0 0 0 0.000000000 15244 A WS 2240 + 128 <- (259,0) 192' (blkparse)
        String columns = "SELECT dev, flags, sector, len, from_dev, from_sector FROM events WHERE action = 'A' ORDER BY line LIMIT 1";
        Path a = db("a");
        assertEquals(0, Cli.run("load", TestTraces.path(BLK + "read-overlap-partition-blockonly.blk.trace.gz").toString(),
                "--db", a.toString()).exitCode);
        assertEquals("dev,flags,sector,len,from_dev,from_sector\n7:0,RA,2240,16384,259:0,192", Cli.query(a, columns));
        for (String form : new String[] {"trace", "blkparse"}) {
            Path b = db(form);
            assertEquals(0, Cli.run("load", TestTraces.path(BLK + "mmap-overlap-partition-blockonly." + form + ".gz").toString(),
                    "--db", b.toString()).exitCode);
            assertEquals("dev,flags,sector,len,from_dev,from_sector\n7:0,WS,2240,65536,259:0,192", Cli.query(b, columns), form);
            // every bio of the filesystem was remapped from its partition
            assertEquals("remaps,queues\n4362,4362", Cli.query(b, "SELECT count(*) FILTER (WHERE action = 'A' "
                    + "AND from_dev = '259:0' AND sector - from_sector = " + START + ") AS remaps, "
                    + "count(*) FILTER (WHERE action = 'Q') AS queues FROM events"), form);
        }
    }

    @Test
    void theBinaryRemapRecordsAreBlkparsesOwn() throws IOException {
        Path bin = db("bin");
        Path cpu0 = unpack(0);
        unpack(1);
        assertEquals(0, Cli.run("load", cpu0.toString(), "--db", bin.toString()).exitCode);
        Path text = db("text");
        assertEquals(0, Cli.run("load", TestTraces.path(BLK + "mmap-overlap-partition-blockonly.blkparse.gz").toString(),
                "--db", text.toString()).exitCode);
        String c = "line, ts, cpu, pid, comm, event, dev, action, flags, sector, len, error, from_dev, from_sector";
        assertEquals("differing,remaps\n0,4362", Cli.query(bin, "ATTACH '" + text + "' AS t (READ_ONLY); SELECT "
                + "(SELECT count(*) FROM ((SELECT " + c + " FROM events EXCEPT ALL SELECT " + c + " FROM t.events) UNION ALL "
                + "(SELECT " + c + " FROM t.events EXCEPT ALL SELECT " + c + " FROM events))) AS differing, "
                + "(SELECT count(*) FROM events WHERE from_dev = '259:0') AS remaps"));
    }

    private Path unpack(int cpu) throws IOException {
        String name = "xfs-mmap-overlap-partition-blockonly.blktrace." + cpu;
        Path f = tmp.resolve(name);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(TestTraces.path("blkparse/" + name + ".gz")))) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void eachBioIsFollowedBackToThePartitionAndSoToItsFileBytes() {
        Path a = db("r");
        analyze("read-overlap", "blk.trace", a, 1);
        // all 12,518 bios are of f, the file whose one extent starts at the partition's sector 192: a bio's
        // disk sector is 2048 more than its partition sector, and its file byte 512 per sector past 192
        assertEquals("bios,remapped,of_f\n12518,12518,12518", Cli.query(a, "SELECT count(*) AS bios, "
                + "count(*) FILTER (WHERE submit_dev = '259:0' AND sector - submit_sector = " + START + ") AS remapped, "
                + "count(*) FILTER (WHERE path LIKE '%/f' AND file_pos = (submit_sector - 192) * 512) AS of_f FROM blk_requests"));
        // the block-only windows are of the filesystem's device
        assertEquals("dev\n259:0", Cli.query(a, "SELECT DISTINCT dev FROM dio_windows"));
    }

    @Test
    void theDeviceRuleNamesTheFileAndItsBytesOnBothDevices() {
        Path a = db("m");
        Cli r = analyze("read-overlap", "blk.trace", a, 1);
        assertEquals("n\n186", Cli.query(a, "SELECT count(*) AS n FROM findings WHERE rule = "
                + "'device-overlap-direct-write-vs-pagecache-io'"));
        String message = Cli.query(a, "SELECT message FROM finding_details ORDER BY begin_line LIMIT 1");
        assertTrue(message.contains("/f [0x0, 0x10000) (sectors 192-319 of 259:0, 2240-2367 of 7:0) by fio ("), message);
        assertTrue(r.out.contains("(sectors 192-319 of 259:0, 2240-2367 of 7:0)"), r.out);
    }

    @Test
    void theCleanControlReadsAnotherFileOfThePartition() {
        Path a = db("c");
        analyze("clean-reader", "blk.trace", a, 0);
        // direct writes of f and readahead reads of g in flight together at the disk: different files
        assertEquals("wpath,rpath\nf,g", Cli.query(a, "SELECT DISTINCT regexp_extract(d.path, '[^/]+$') AS wpath, "
                + "regexp_extract(p.path, '[^/]+$') AS rpath FROM blk_requests d JOIN blk_requests p "
                + "ON p.io_class = 'pagecache-read' AND p.q_ts < d.c_ts AND d.q_ts < p.c_ts "
                + "WHERE d.io_class = 'direct-write'"));
    }

    @Test
    void theMmapOverlapFindsTheSameInTheTracepointsAndInBlkparse() {
        for (String form : new String[] {"trace", "blkparse"}) {
            Path a = db("mm-" + form);
            analyze("mmap-overlap", form, a, 1);
            assertEquals("n,of_f\n30,30", Cli.query(a, "SELECT count(*) AS n, count(*) FILTER (WHERE message LIKE "
                    + "'%/f [0x%of 259:0, %of 7:0)%') AS of_f FROM finding_details"), form);
        }
    }
}
