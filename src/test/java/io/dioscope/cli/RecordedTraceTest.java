package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace `dioscope record` wrote with its sidecar (captured/record/: samples/capture/capture-record.sh,
 * read-overlap.fio on a scratch XFS, 6.18): findings name the file by its path, and the recording's
 * page size is the unit the trace's page indexes are decoded in.
 */
class RecordedTraceTest {
    private static final Path TRACE = TestTraces.path("captured/record/xfs-read-overlap-recorded.dat");
    /** Where fio's file was when the recording walked the scratch filesystem (inode 132 on 7:0). */
    private static final String FILE = "/tmp/dioscope-record-mnt.9dKI/db/read-overlap.dat";

    @Test
    void findingsNameTheRecordedFileByItsPath() throws Exception {
        Cli r = Cli.run("analyze", TRACE.toString(), "--format", "json");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode findings = new ObjectMapper().readTree(r.out).get("findings");
        assertEquals(584, findings.size());
        for (JsonNode f : findings) {
            assertEquals("pagecache-fill-during-dio-write", f.get("rule").asText());
            assertEquals(FILE, f.get("path").asText());
            assertTrue(f.get("message").asText().startsWith("Async direct write [0x0, 0x10000) of " + FILE
                    + " (inode 132 on 7:0) by fio (13866), in flight "), f.get("message").asText());
        }

        Cli csv = Cli.run("analyze", TRACE.toString(), "--format", "csv");
        String[] rows = csv.out.split("\n");
        assertTrue(rows[0].contains(",dev,ino,path,offset,"), rows[0]);
        assertTrue(rows[1].contains(",7:0,132," + FILE + ",0,65536,"), rows[1]);

        Cli text = Cli.run("analyze", TRACE.toString(), "--file", FILE);
        assertTrue(text.out.contains("Findings: 0 critical, 584 warning, 0 info"), text.out);
        Cli explain = Cli.run("explain", "1", TRACE.toString());
        assertTrue(explain.out.contains("direct write of [0x0, 0x10000) of " + FILE + " (inode 132 on 7:0), async"),
                explain.out);
    }

    @Test
    void onBtrfsTheFileIsNamedAndAShortWritesUnwrittenPagesAreNotStale() throws Exception {
        // btrfs mounted nodatasum (capture-record.sh DIR btrfs): its superblock is the anonymous 0:40,
        // and each subvolume has an st_dev of its own, which the file map must not stop at
        Path trace = TestTraces.path("captured/record/btrfs-read-overlap-recorded.dat");
        Cli r = Cli.run("analyze", trace.toString(), "--format", "json");
        assertEquals(0, r.exitCode, r.toString());
        JsonNode report = new ObjectMapper().readTree(r.out);
        for (JsonNode f : report.get("findings")) {
            assertEquals("/tmp/dioscope-record-mnt.pRme/db/read-overlap.dat", f.get("path").asText(), f.toString());
            assertEquals("0:40", f.get("dev").asText());
            assertEquals("warning", f.get("severity").asText());
        }
        // nine of its writes came back short: btrfs wrote 0 bytes directly and the rest through the page
        // cache (the submitter dirties the pages right after); a page cached meanwhile is not stale
        Path db = Files.createTempFile("btrfs", ".duckdb");
        Files.delete(db);
        try {
            Cli.run("analyze", trace.toString(), "--db", db.toString());
            assertEquals("short,zero_bytes\n9,9", Cli.query(db, "SELECT count(*) AS short, count(*) FILTER (WHERE ret - done_before = 0) "
                    + "AS zero_bytes FROM dio_windows WHERE outcome = 'short'"));
            assertEquals("stale\n0", Cli.query(db, "SELECT count(*) AS stale FROM findings WHERE rule = 'stale-page-after-dio-write'"));
        } finally {
            Files.deleteIfExists(db);
        }
    }

    @Test
    void thePageSizeComesFromTheRecordingElseTheTraceDatHeaderElseIsAssumed(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("recorded.duckdb");
        assertEquals(0, Cli.run("load", TRACE.toString(), "--db", db.toString()).exitCode);
        assertEquals("page_size,page_size_from\n4096,recording", Cli.query(db, "SELECT page_size, page_size_from FROM traces"));
        assertEquals("value\n6.18.44-fc-v782", Cli.query(db, "SELECT value FROM trace_meta WHERE key = 'kernel_release'"));
        assertEquals("dev,fstype,block_size\n7:0,xfs,4096",
                Cli.query(db, "SELECT dev, fstype, block_size FROM trace_mounts WHERE traced"));
        assertEquals("path\n" + FILE, Cli.query(db, "SELECT path FROM trace_files WHERE ino = 132"));

        // the same trace.dat without its sidecar: the header's page size, no paths
        Path alone = Files.createDirectory(tmp.resolve("alone")).resolve(TRACE.getFileName());
        Files.copy(TRACE, alone);
        Path db2 = tmp.resolve("alone.duckdb");
        assertEquals(0, Cli.run("load", alone.toString(), "--db", db2.toString()).exitCode);
        assertEquals("page_size,page_size_from\n4096,trace.dat", Cli.query(db2, "SELECT page_size, page_size_from FROM traces"));
        JsonNode f = new ObjectMapper().readTree(Cli.run("analyze", alone.toString(), "--format", "json").out)
                .get("findings").get(0);
        assertTrue(f.get("path").isNull());
        assertTrue(f.get("message").asText().contains(" of inode 132 on 7:0 by fio (13866)"), f.toString());

        // a text trace says nothing
        Path db3 = tmp.resolve("text.duckdb");
        Cli.run("load", TestTraces.path("corpus/xfs-read-overlap.trace.gz").toString(), "--db", db3.toString());
        assertEquals("page_size,page_size_from\n4096,assumed", Cli.query(db3, "SELECT page_size, page_size_from FROM traces"));
    }

    @Test
    void aRecordedPageSizeIsTheUnitOfThePageIndexes(@TempDir Path tmp) throws Exception {
        // the same recording, its sidecar saying the machine had 16 KiB pages (as an arm64 kernel may)
        Path trace = copyWithSidecar(tmp, 16384);
        Path db = tmp.resolve("16k.duckdb");
        assertEquals(0, Cli.run("load", trace.toString(), "--db", db.toString()).exitCode);
        Path original = tmp.resolve("4k.duckdb");
        Cli.run("load", TRACE.toString(), "--db", original.toString());
        String folios = "SELECT min(len), max(len) FROM events WHERE event = 'mm_filemap_add_to_page_cache'";
        assertEquals("min(len),max(len)\n4096,4096", Cli.query(original, folios));
        assertEquals("min(len),max(len)\n16384,16384", Cli.query(db, folios), "a folio of order 0 is one page");
        assertEquals("page_size,page_size_from\n16384,recording", Cli.query(db, "SELECT page_size, page_size_from FROM traces"));
    }

    @Test
    void aSidecarWithAnImpossiblePageSizeIsSkippedWithItsReason(@TempDir Path tmp) throws Exception {
        Path trace = copyWithSidecar(tmp, 5000);
        Path db = tmp.resolve("bad.duckdb");
        Cli r = Cli.run("load", trace.toString(), "--db", db.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.err.contains("dioscope: " + trace + ".meta.json: its page_size 5000 is not a power of two of at "
                + "least 4096; the trace is loaded without it\n"), r.err);
        assertEquals("page_size,page_size_from\n4096,trace.dat", Cli.query(db, "SELECT page_size, page_size_from FROM traces"));
        assertEquals("count_star()\n0", Cli.query(db, "SELECT count(*) FROM trace_files"));
    }

    /** The recorded trace and its sidecar copied into {@code dir}, the sidecar's page_size replaced. */
    private static Path copyWithSidecar(Path dir, long pageSize) throws Exception {
        Path trace = dir.resolve(TRACE.getFileName());
        Files.copy(TRACE, trace);
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = (ObjectNode) json.readTree(Path.of(TRACE + ".meta.json").toFile());
        meta.put("page_size", pageSize);
        json.writeValue(Path.of(trace + ".meta.json").toFile(), meta);
        return trace;
    }
}
