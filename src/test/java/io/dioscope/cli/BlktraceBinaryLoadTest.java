package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * blktrace's binary per-CPU files loaded directly: the same events as blkparse's text of them, the
 * CPU files of one set one trace, a cut file loaded and marked incomplete. The files are the blk
 * tracer's records of the block-only mmap-overlap capture (src/test/resources/README.md).
 */
class BlktraceBinaryLoadTest {
    private static final String NAME = "xfs-mmap-overlap-blockonly";
    private static final String COLUMNS = "line, ts, cpu, pid, comm, event, dev, action, flags, sector, len, error";

    @TempDir
    Path tmp;
    private Path cpu0;
    private Path cpu1;

    @BeforeEach
    void unpack() throws IOException {
        cpu0 = unpack(0);
        cpu1 = unpack(1);
    }

    private Path unpack(int cpu) throws IOException {
        Path f = tmp.resolve(NAME + ".blktrace." + cpu);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
                TestTraces.path("blkparse/" + NAME + ".blktrace." + cpu + ".gz")))) {
            Files.copy(in, f);
        }
        return f;
    }

    @Test
    void theCpuFilesLoadAsOneTraceWithTheEventsOfBlkparsesText() {
        Path bin = tmp.resolve("bin.db");
        Cli load = Cli.run("load", cpu1.toString(), cpu0.toString(), "--db", bin.toString());
        assertEquals(0, load.exitCode, load.toString());
        assertEquals("path,format,events,unparsed_lines,complete\n" + cpu0 + ",\"blktrace v7, 2 CPU file(s)\",14634,0,true",
                Cli.query(bin, "SELECT path, format, events, unparsed_lines, complete FROM traces"));
        Path text = tmp.resolve("text.db");
        Cli other = Cli.run("load", TestTraces.path("captured/blk/" + NAME + ".blkparse.gz").toString(), "--db", text.toString());
        assertEquals(0, other.exitCode, other.toString());
        // record for record, line for line: blkparse's text puts its summary after the records
        assertEquals("n\n0", Cli.query(bin, "ATTACH '" + text + "' AS t (READ_ONLY); SELECT count(*) AS n FROM ("
                + "(SELECT " + COLUMNS + " FROM events EXCEPT ALL SELECT " + COLUMNS + " FROM t.events) UNION ALL "
                + "(SELECT " + COLUMNS + " FROM t.events EXCEPT ALL SELECT " + COLUMNS + " FROM events))"));
    }

    @Test
    void aDirectoryFindsEachSetOfCpuFilesOnceCompressedOrNot() {
        // blkparse/: two plain sets, two gzip'd ones; its .blkparse and .btt files are not traces by name
        Path dir = TestTraces.path("blkparse");
        Path db = tmp.resolve("dir.db");
        Cli load = Cli.run("load", dir.toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        assertEquals("""
                file,format,events,complete
                loop0.blktrace.0,"blktrace v7, 2 CPU file(s)",101,true
                tie.blktrace.0,"blktrace v7, 2 CPU file(s)",43,true
                xfs-mmap-overlap-blockonly.blktrace.0.gz,"blktrace v7, 2 CPU file(s)",14634,true
                xfs-mmap-overlap-partition-blockonly.blktrace.0.gz,"blktrace v7, 2 CPU file(s)",30534,true""",
                Cli.query(db, "SELECT regexp_extract(path, '[^/]+$') AS file, format, events, complete FROM traces ORDER BY path"));
        // a compressed set is the same trace as the plain one: the same events as blkparse's text
        Cli again = Cli.run("load", cpu1.toString(), "--db", db.toString(), "--append");
        assertEquals(0, again.exitCode, again.toString());
        assertEquals("n\n0", Cli.query(db, "SELECT count(*) AS n FROM ((SELECT " + COLUMNS + " FROM events WHERE trace_id = 3 "
                + "EXCEPT ALL SELECT " + COLUMNS + " FROM events WHERE trace_id = 5) UNION ALL (SELECT " + COLUMNS
                + " FROM events WHERE trace_id = 5 EXCEPT ALL SELECT " + COLUMNS + " FROM events WHERE trace_id = 3))"));
    }

    @Test
    void theDeviceRuleFindsWhatItFindsInBlkparsesText() {
        Path db = tmp.resolve("a.db");
        Cli a = Cli.run("analyze", cpu0.toString(), "--extents",
                TestTraces.path("captured/blk/" + NAME + ".extents").toString(), "--db", db.toString(), "--fail-on", "warning");
        assertEquals(1, a.exitCode, a.toString());
        // as golden/captured/blk/xfs-mmap-overlap-blockonly.blkparse.tsv
        assertEquals("n\n35", Cli.query(db, "SELECT count(*) AS n FROM findings WHERE rule = 'device-overlap-direct-write-vs-pagecache-io'"));
    }

    @Test
    void aCpuFileCutInsideARecordLoadsWhatPrecedesAndIsIncomplete() throws IOException {
        byte[] all = Files.readAllBytes(cpu1);
        Files.write(cpu1, Arrays.copyOf(all, all.length - 20));
        Path db = tmp.resolve("cut.db");
        Cli load = Cli.run("load", cpu0.toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        String row = Cli.query(db, "SELECT complete, truncated, truncation FROM traces");
        assertTrue(row.contains("false,true,") && row.contains(cpu1 + ": byte ") && row.contains("the last record is cut short"), row);
    }

    @Test
    void anotherVersionOfTheRecordsIsRefusedByName() throws IOException {
        Cli v8 = loadAsVersion(8);
        assertTrue(v8.err.contains("v8.blktrace.0: cannot be read: blk_io_trace version 8 (struct blk_io_trace2, 64-bit "
                + "actions, written by blktrace on Linux 6.19 and later) is not read: dioscope reads version 7 only"), v8.err);
        assertTrue(v8.err.contains("load the text `blkparse -i DEV` prints of it instead"), v8.err);
        assertEquals(1, v8.err.strip().lines().count(), v8.err);
        Cli v6 = loadAsVersion(6);
        assertTrue(v6.err.contains("v6.blktrace.0: cannot be read: blk_io_trace version 6 (dioscope reads version 7, the "
                + "32-bit actions)"), v6.err);
    }

    /**
     * A process-name notify record (BLK_TN_PROCESS: action BLK_TC_NOTIFY << 16, pdu the task's name), which
     * blktrace writes whenever a task first traces and the blk tracer's records here lack: put before the real
     * CPU 0 file's records, naming the pid of its first queued bio. That task's records carry the name from
     * then on; the notify record itself is no event.
     */
    @Test
    void aProcessNotifyRecordNamesItsTasksRecords() throws IOException {
        byte[] all = Files.readAllBytes(cpu0);
        java.nio.ByteBuffer real = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        Path db0 = tmp.resolve("plain.db");
        assertEquals(0, Cli.run("load", cpu0.toString(), "--db", db0.toString()).exitCode);
        String pid = Cli.query(db0, "SELECT pid FROM events WHERE action = 'Q' ORDER BY line LIMIT 1").split("\n")[1];
        assertEquals("named\n0", Cli.query(db0, "SELECT count(comm) AS named FROM events WHERE pid = " + pid),
                "no names without the notify record");

        byte[] name = "dio-writer\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer note = java.nio.ByteBuffer.allocate(48 + name.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        note.putInt(real.getInt(0)).putInt(0).putLong(real.getLong(8)).putLong(0).putInt(0)
                .putInt((1 << 10) << 16).putInt(Integer.parseInt(pid)).putInt(real.getInt(36)).putInt(real.getInt(40))
                .putShort((short) 0).putShort((short) name.length).put(name);
        Path named = tmp.resolve("named.blktrace.0");
        Files.write(named, concat(note.array(), all));
        Files.copy(cpu1, tmp.resolve("named.blktrace.1"));
        Path db = tmp.resolve("named.db");
        Cli load = Cli.run("load", named.toString(), "--db", db.toString());
        assertEquals(0, load.exitCode, load.toString());
        // as blkparse does, a name is taken when its file is read: every record of that file from then on has it
        assertEquals("comm\ndio-writer", Cli.query(db, "SELECT DISTINCT comm FROM events WHERE pid = " + pid
                + " AND cpu = " + real.getInt(40) + " AND action <> 'C'"));
        assertEquals("events\n14634", Cli.query(db, "SELECT events FROM traces"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Loads the real CPU 0 file with its version byte changed: refused, exit 2. */
    private Cli loadAsVersion(int version) throws IOException {
        byte[] all = Files.readAllBytes(cpu0);
        all[0] = (byte) version; // little-endian: the magic's low byte is the version
        Path f = tmp.resolve("v" + version + ".blktrace.0");
        Files.write(f, all);
        Cli load = Cli.run("load", f.toString(), "--db", tmp.resolve("v" + version + ".db").toString());
        assertEquals(2, load.exitCode, load.toString());
        return load;
    }
}
