package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dioscope.TestTraces;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load, query and formats commands as a user runs them. */
class LoadQueryCommandTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();
    private static final String PUNCH = TestTraces.path("corpus/ext4-punch-overlap.trace.gz").toString();

    @Test
    void loadWithoutADatabasePrintsWhatWasLoaded() {
        Cli r = Cli.run("load", MMAP);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("trace 1: " + MMAP + " (ftrace, gzip): 2,885 events from 2,897 lines"), r.out);
        assertTrue(r.out.matches("(?s).*mm_filemap_add_to_page_cache\\s+pagecache\\s+1000\\s+1\\n.*"), r.out);
        assertTrue(r.out.contains("events/s"), "load reports its speed");
        assertTrue(r.out.contains("in-memory database discarded"));
    }

    @Test
    void loadIntoAFileThenQueryItAsTableCsvAndJson(@TempDir Path dir) throws Exception {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, MMAP, PUNCH).exitCode);
        String sql = "SELECT trace_id, event, count(*) AS n FROM events WHERE event LIKE 'iomap_dio%' "
                + "GROUP BY ALL ORDER BY trace_id, event";

        Cli table = Cli.run("query", "--db", db, sql);
        assertEquals(0, table.exitCode, table.toString());
        String[] lines = table.out.split("\n");
        assertEquals("trace_id  event                      n", lines[0].stripTrailing());
        assertTrue(lines[1].startsWith("--------  "));
        assertTrue(table.out.matches("(?s).*\\n       1  iomap_dio_complete +57\\n.*"), table.out);

        Cli csv = Cli.run("query", "--db", db, "--format", "csv", sql);
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.out)).getRecords();
        assertEquals("iomap_dio_complete", records.get(0).get("event"));
        assertEquals("57", records.get(0).get("n"));
        assertEquals("2", records.get(records.size() - 1).get("trace_id"), "both traces, each with its own id");

        Cli macros = Cli.run("query", "--db", db, "--format", "csv", "SELECT hexoff(4096) AS h, to_eof() > 0 AS e");
        assertEquals("h,e\n0x1000,true\n", macros.out, "the model's TEMP macros are defined for query's session");
        Cli json = Cli.run("query", "--db", db, "--format", "json", sql);
        JsonNode rows = new ObjectMapper().readTree(json.out);
        assertEquals(57, rows.get(0).get("n").asLong());
        assertTrue(rows.get(0).get("n").isNumber());
    }

    @Test
    void bodiesAreKeptForUntypedEventsAndWithKeepBodyForAll(@TempDir Path dir) {
        String k61 = TestTraces.path("corpus/k61/k61-xfs-mmap-overlap.trace.gz").toString();
        String sql = "SELECT count(*) FILTER (WHERE event = 'iomap_iter') AS typed,"
                + " count(body) FILTER (WHERE event = 'iomap_iter') AS typed_bodies,"
                + " count(*) FILTER (WHERE event = 'inval_pages2') AS probes,"
                + " count(body) FILTER (WHERE event = 'inval_pages2') AS probe_bodies FROM events";
        String lean = dir.resolve("lean.db").toString();
        assertEquals(0, Cli.run("load", "--db", lean, k61).exitCode);
        String[] counts = Cli.run("query", "--db", lean, "--format", "csv", sql).out.split("\n")[1].split(",");
        assertTrue(Long.parseLong(counts[0]) > 0 && Long.parseLong(counts[2]) > 0, String.join(",", counts));
        assertEquals("0", counts[1], "typed events carry no body by default");
        assertEquals(counts[2], counts[3], "a kprobe's arguments live in its body: always kept");

        String full = dir.resolve("full.db").toString();
        assertEquals(0, Cli.run("load", "--db", full, "--keep-body", k61).exitCode);
        String[] kept = Cli.run("query", "--db", full, "--format", "csv", sql).out.split("\n")[1].split(",");
        assertEquals(kept[0], kept[1], "--keep-body keeps every body");
        Cli body = Cli.run("query", "--db", full, "--format", "csv",
                "SELECT body FROM events WHERE event = 'iomap_iter' ORDER BY line LIMIT 1");
        assertTrue(body.out.split("\n")[1].startsWith("dev 259:1 ino 0x83 pos 0x0 length 0x0 flags WRITE"), body.out);
    }

    @Test
    void loadingAgainIntoTheSameDatabaseAddsTraces(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        Cli.run("load", "--db", db, MMAP);
        Cli second = Cli.run("load", "--db", db, PUNCH);
        assertTrue(second.out.contains("trace 2: "), second.out);
        Cli q = Cli.run("query", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM traces");
        assertEquals("n\n2\n", q.out);
    }

    @Test
    void anInputThatIsNotATraceIsOneLineAndExit2() {
        String notTrace = TestTraces.path("corpus/xfs-clean.extents").toString();
        Cli r = Cli.run("load", notTrace);
        assertEquals(2, r.exitCode);
        assertEquals(1, r.err.strip().split("\n").length, r.err);
        assertTrue(r.err.startsWith("dioscope: " + notTrace + ":1: not a kernel trace"), r.err);
        assertFalse(r.err.contains("Exception"));
        Cli mixed = Cli.run("load", notTrace, MMAP);
        assertEquals(2, mixed.exitCode, "an input was not loaded, even though another was");
        assertTrue(mixed.err.contains("not a kernel trace"));
        // trace N is the Nth input: the one that could not be loaded leaves its number unused
        assertTrue(mixed.out.contains("trace 2: " + MMAP), mixed.out);
    }

    @Test
    void unparsedLinesAreCountedAndShownWithVerbose() {
        String truncated = TestTraces.path("captured/xfs-dio-overlap.truncated.trace.gz").toString();
        Cli quiet = Cli.run("load", truncated);
        assertTrue(quiet.out.contains("1 line(s) could not be parsed (--verbose shows them"), quiet.out);
        assertTrue(quiet.out.contains("incomplete: gzip stream ended early"), quiet.out);
        Cli verbose = Cli.run("load", "--verbose", truncated);
        assertTrue(verbose.out.contains(truncated + ":429: no timestamp column:"), verbose.out);
    }

    @Test
    void usageErrorsExit2WithoutAStackTrace() {
        Cli noArgs = Cli.run("load");
        assertEquals(2, noArgs.exitCode);
        assertTrue(noArgs.err.contains("Missing required parameter"), noArgs.err);
        Cli badFormat = Cli.run("load", "--input-format", "pcap", MMAP);
        assertEquals(2, badFormat.exitCode);
        assertTrue(badFormat.err.startsWith("dioscope: --input-format: unknown format 'pcap' "
                + "(one of auto, ftrace, trace-cmd, perf-script, blkparse)\n"), badFormat.err);
        Cli noDb = Cli.run("query", "--db", "/nonexistent/x.db", "SELECT 1");
        assertEquals(2, noDb.exitCode);
        assertTrue(noDb.err.startsWith("dioscope: /nonexistent/x.db: no such database"), noDb.err);
        Cli badSql = Cli.run("query", "--db", "/nonexistent/x.db", "SELEC");
        assertEquals(2, badSql.exitCode);
        Cli unknown = Cli.run("frobnicate");
        assertEquals(2, unknown.exitCode);
    }

    @Test
    void inputFormatNamesWhatIsReadAndTheOldLoadFormatStillWorksForOneRelease() {
        Cli named = Cli.run("load", "--input-format", "ftrace", MMAP);
        assertEquals(0, named.exitCode, named.toString());
        assertEquals("", named.err);
        Cli old = Cli.run("load", "--format", "ftrace", MMAP);
        assertEquals(0, old.exitCode, old.toString());
        assertEquals("dioscope: load --format is deprecated and will be removed in the next release; use "
                + "--input-format (--format names what is written, as in analyze and query)\n", old.err);
        assertEquals(named.out.replaceAll("in [0-9.]+ s, [^,\\n]* events/s", ""),
                old.out.replaceAll("in [0-9.]+ s, [^,\\n]* events/s", ""), "the same load");
        Cli wrong = Cli.run("load", "--format", "perf-script", MMAP);
        assertEquals(2, wrong.exitCode, "the old name still forces the format");
        Cli both = Cli.run("load", "--format", "ftrace", "--input-format", "ftrace", MMAP);
        assertEquals(2, both.exitCode);
        assertTrue(both.err.startsWith("dioscope: --format is the old name of --input-format: give only "
                + "--input-format\n"), both.err);
        Cli help = Cli.run("load", "--help");
        assertTrue(help.out.contains("--input-format=auto|ftrace|trace-cmd|perf-script|blkparse") && !help.out.contains(" --format"),
                help.out);
        Cli analyzeHelp = Cli.run("analyze", "--help");
        assertTrue(analyzeHelp.out.contains("--input-format=auto|ftrace|trace-cmd|perf-script|blkparse"), analyzeHelp.out);
        assertTrue(analyzeHelp.out.matches("(?s).*--format=text\\|json\\|csv\\|junit\\s+What is written.*"),
                analyzeHelp.out);
        assertTrue(Cli.run("query", "--help").out.matches("(?s).*--format=table\\|csv\\|json\\s+What is written.*"));
        assertTrue(Cli.run("formats").out.startsWith("Formats (detected from the content; --input-format forces one):"));
    }

    @Test
    void formatsListsFormatsAndTypedEvents() {
        Cli r = Cli.run("formats");
        assertEquals(0, r.exitCode);
        for (String s : new String[] {"ftrace", "trace-cmd", "perf-script", "trace.dat", "FILE@NAME", "zstd", "iomap_dio_rw_begin",
                "mm_filemap_add_to_page_cache", "writeback_dirty_folio", "xfs_end_io_direct_write",
                "ext4_punch_hole", "block_rq_issue", "tracing_mark_write", "console", "function", "kprobe",
                "perf record -g", "event_callchains (trace_id, line, depth, addr, symbol, sym_offset, dso)"}) {
            assertTrue(r.out.contains(s), s);
        }
    }

    @Test
    void helpAndVersion() {
        Cli help = Cli.run("--help");
        assertEquals(0, help.exitCode);
        assertTrue(help.out.contains("load") && help.out.contains("query") && help.out.contains("formats"));
        Cli version = Cli.run("--version");
        assertEquals(0, version.exitCode);
        assertTrue(version.out.startsWith("dioscope "));
    }
}
