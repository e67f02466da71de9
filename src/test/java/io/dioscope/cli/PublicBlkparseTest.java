package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blkparse output someone else's machine printed, as published (src/test/resources/README.md, "blkparse/public"):
 * ext4 on a whole disk and on a partition, fio with fsync=1, jbd2 committing its journal; two sequence
 * numbers per CPU, per-CPU and total summaries, partition remaps. What the post itself works out by hand is
 * what the model must say: request 7614368 took 8.3 ms from Q to C, and 3927579616 came from sector
 * 20560864 of the partition 8,66.
 */
class PublicBlkparseTest {
    private static final String DIR = "blkparse/public/";
    private static final String DISK = DIR + "yuanguohuo-2019-ext4-fio-sde.blkparse";
    private static final String PARTITION = DIR + "yuanguohuo-2019-ext4-fio-sde2.blkparse";

    @TempDir
    Path tmp;

    @Test
    void theRecordsLoadAndTheSummariesAreCountedNotUnparsed() {
        Path db = tmp.resolve("l.db");
        Cli load = Cli.run("load", TestTraces.path(DISK).toString(), TestTraces.path(PARTITION).toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        assertEquals("format,events,lines,header_lines,unparsed_lines,complete\n"
                + "blkparse,20,47,27,0,true\nblkparse,13,20,7,0,true",
                Cli.query(db, "SELECT format, events, lines, header_lines, unparsed_lines, complete FROM traces ORDER BY trace_id"));
        // every task's name, the unplug's too ('U   N [fio] 1', its queue depth after the name); none on a completion
        assertEquals("""
                action,comm
                C,
                D,fio
                D,jbd2/sde2-8
                G,fio
                G,jbd2/sde-8
                G,jbd2/sde2-8
                I,fio
                M,jbd2/sde-8
                P,fio
                P,jbd2/sde-8
                Q,fio
                Q,jbd2/sde-8
                Q,jbd2/sde2-8
                U,fio""", Cli.query(db, "SELECT DISTINCT action, comm FROM events WHERE action <> 'A' ORDER BY ALL"));
    }

    @Test
    void requestsTheirLatenciesRemapsAndWhoWroteThem() {
        Path db = tmp.resolve("a.db");
        Cli a = Cli.run("analyze", TestTraces.path(DISK).toString(), TestTraces.path(PARTITION).toString(), "--db", db.toString());
        // no page-cache read in either excerpt: nothing to find, and both judged
        assertEquals(0, a.exitCode, a.toString());
        assertTrue(a.out.contains("Verdict: PASS (exit 0)"), a.out);
        assertEquals("""
                trace_id,sector,len,io_class,submit_comm,merged,q2d,d2c,q2c,submit_dev,submit_sector
                1,7614344,12288,writeback,fio,,4133,11918049,11922182,8:64,7614344
                1,7614368,4096,direct-write,fio,,4013,8320800,8324813,8:64,7614368
                1,3905206216,4096,writeback,jbd2/sde-8,,,,,8:64,3905206216
                1,3905206224,4096,writeback,jbd2/sde-8,M,,,,8:64,3905206224
                1,3905206232,4096,writeback,jbd2/sde-8,,,,,8:64,3905206232
                2,3927579616,4096,direct-write,fio,,5986,13044675,13050661,8:66,20560864
                2,5857775080,4096,writeback,jbd2/sde2-8,,,,,8:66,1950756328""",
                Cli.query(db, "SELECT trace_id, sector, len, io_class, submit_comm, merged, q2d, d2c, q2c, submit_dev, "
                        + "submit_sector FROM blk_requests ORDER BY trace_id, q_line"));
        // fio's 4 KiB writes with fsync=1 are buffered writes its fsync wrote back: 'WS' from fio, which the block
        // layer cannot tell from an O_DIRECT write (05_blk_requests.sql says so); jbd2's commits are not direct writes
        assertEquals("windows\n2", Cli.query(db, "SELECT count(*) AS windows FROM dio_windows WHERE evidence = 'block'"));
    }
}
