package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.ingest.ParseProblem;
import io.dioscope.ingest.ParseStats;
import io.dioscope.ingest.TraceInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile, broken and odd traces (issue 10), each made at test time from a real trace by changing one
 * thing: a field that does not fit or is missing is a counted parse problem, never a value; any loss
 * marker or overwritten event makes the trace incomplete, even when its count cannot be read.
 */
class HostileInputsTest {
    static final String DIO = "corpus/xfs-dio-overlap.trace.gz"; // 597 lines, 585 events, complete
    /** Line 133 of {@link #DIO}: the first direct write's iomap_dio_rw_begin. */
    static final int BEGIN_LINE = 133;

    @TempDir
    Path dir;

    static LoadedTrace load(Path path) throws Exception {
        try (Database db = Database.open(null)) {
            return new TraceLoader(db, LoadOptions.defaults()).load(path, ProgressListener.NONE);
        }
    }

    Path write(String name, List<String> lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    /** {@link #DIO} with line {@code number} changed. */
    Path withLine(int number, UnaryOperator<String> change) throws IOException {
        List<String> lines = new ArrayList<>(TestTraces.lines(DIO));
        String changed = change.apply(lines.get(number - 1));
        assertFalse(changed.equals(lines.get(number - 1)), "the change must change the line");
        lines.set(number - 1, changed);
        return write("changed.trace", lines);
    }

    static void assertOneProblem(LoadedTrace t, long line, String reason) {
        assertEquals(1, t.unparsedLines(), "unparsed lines");
        assertEquals(584, t.events(), "the line is not an event");
        assertEquals(597, t.lines());
        ParseProblem p = t.problems().get(0);
        assertEquals(line, p.line());
        assertEquals(reason, p.reason());
    }

    // --- 1. fields that do not fit their column, are negative or missing

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ino 0x83 | ino 0x10000000000000083 | ino 0x10000000000000083 does not fit 64 bits",
        "size 0x400000 | size 99999999999999999999 | size 99999999999999999999 does not fit 64 bits",
        "size 0x400000 | size 0x8000000000000000 | size 0x8000000000000000 does not fit a signed 64-bit number",
        "offset 0x0 | offset -4096 | offset -4096 is negative",
        "ino 0x83 | ino -131 | ino -131 is negative",
        "ino 0x83 | ino zz | ino zz is not a number",
        "dev 7:0 ino 0x83 | ino 0x83 | iomap_dio_rw_begin without dev",
        " ino 0x83 | '' | iomap_dio_rw_begin without ino",
        " length 0x10000 | '' | iomap_dio_rw_begin without len",
    })
    void aBeginWithABadOrMissingFieldIsAParseProblem(String from, String to, String reason) throws Exception {
        LoadedTrace t = load(withLine(BEGIN_LINE, l -> l.replace(from, to == null ? "" : to)));
        assertOneProblem(t, BEGIN_LINE, reason);
        assertTrue(t.complete(), "nothing was lost: the problem is counted, not a loss");
    }

    @Test
    void aBeginWithAnEmptyBodyIsAParseProblem() throws Exception {
        LoadedTrace t = load(withLine(BEGIN_LINE, l -> l.substring(0, l.indexOf("iomap_dio_rw_begin:") + 19)));
        assertOneProblem(t, BEGIN_LINE, "iomap_dio_rw_begin without dev, ino, pos, len");
    }

    @Test
    void aCompletionWithoutRetCannotBeMatchedAndIsAParseProblem() throws Exception {
        int line = lineOf(DIO, "iomap_dio_complete:");
        LoadedTrace t = load(withLine(line, l -> l.replaceAll(" ret -?[0-9]+", "")));
        assertOneProblem(t, line, "iomap_dio_complete without ret");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "ino=266338304 | ino=-266338304 | ino=-266338304 is negative",
        "index=5 | index=99999999999999999999 | index=99999999999999999999 does not fit 64 bits",
        "index=5 | index=9223372036854775807 | index 9223372036854775807 x 4096 does not fit 64 bits",
        "bdi 254:0: | bdi : | writeback_dirty_folio without dev",
    })
    void aDecimalFieldOfWritebackThatIsNegativeOrTooBigIsAParseProblem(String from, String to, String reason)
            throws Exception {
        // line 14: writeback_dirty_folio: bdi 254:0: ino=266338304 index=5
        LoadedTrace t = load(withLine(14, l -> l.replace(from, to)));
        assertOneProblem(t, 14, reason);
    }

    @Test
    void aFilemapOrderBeyondAnyFolioIsAParseProblem() throws Exception {
        int line = lineOf(DIO, "mm_filemap_add_to_page_cache:");
        LoadedTrace t = load(withLine(line, l -> l.replaceAll("order=[0-9]+", "order=64")));
        assertOneProblem(t, line, "order=64 is more than 20 (a folio larger than 2^20 pages)");
    }

    @Test
    void aTimestampOrPidBeyondItsColumnIsAParseProblem() throws Exception {
        // line 133: "dioscen-27235   [000] .....  4196.184716: iomap_dio_rw_begin: ..."
        LoadedTrace ts = load(withLine(BEGIN_LINE, l -> l.replace("4196.184716:", "99999999999.184716:")));
        assertOneProblem(ts, BEGIN_LINE, "timestamp 99999999999.184716 does not fit 64 bits of nanoseconds");
        LoadedTrace pid = load(withLine(BEGIN_LINE, l -> l.replace("dioscen-27235", "dioscen-99999999999")));
        assertOneProblem(pid, BEGIN_LINE, "pid 99999999999 does not fit 32 bits");
    }

    @Test
    void theFlushSectorOfBlockEventsIsNullNotAProblem() throws Exception {
        // fstests traces have thousands of "7,0 FF () 18446744073709551615 + 0": the kernel's "no sector"
        String resource = "fstests/xfs/generic-465.trace.gz";
        Path copy = write("g465.trace", TestTraces.lines(resource));
        try (Database db = Database.open(null)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults()).load(copy, ProgressListener.NONE);
            assertEquals(0, t.unparsedLines());
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*), count(sector) FROM events "
                            + "WHERE event = 'block_rq_complete' AND flags = 'FF'")) {
                assertTrue(rs.next());
                assertTrue(rs.getLong(1) > 0);
                assertEquals(0, rs.getLong(2), "no sector rather than a wrapped -1");
            }
        }
    }

    // --- 2. loss counts that overflow, and concatenated dumps

    @ParameterizedTest
    @CsvSource({"18446744073709551616", "0"})
    void aLostMarkerWhoseCountCannotBeReadMeansAnUnknownLossNotNone(String count) throws Exception {
        List<String> lines = new ArrayList<>(TestTraces.lines("captured/xfs-pipe-lost.trace.gz"));
        assertEquals("CPU:0 [LOST 586 EVENTS]", lines.get(528));
        lines.set(528, "CPU:0 [LOST " + count + " EVENTS]");
        Path p = write("lost.trace", lines);
        try (Database db = Database.open(null)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults()).load(p, ProgressListener.NONE);
            assertEquals(ParseStats.UNKNOWN_COUNT, t.lostEvents(), "saturated: lost, how many unknown");
            assertEquals(0, t.bufferWraps());
            assertFalse(t.complete());
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT t.lost_events, t.complete, l.count, l.line, l.cpu "
                            + "FROM traces t JOIN trace_losses l USING (trace_id)")) {
                assertTrue(rs.next());
                assertEquals(Long.MAX_VALUE, rs.getLong(1));
                assertFalse(rs.getBoolean(2));
                assertEquals(-1, rs.getLong(3));
                assertEquals(529, rs.getLong(4));
                assertEquals(0, rs.getInt(5));
            }
        }
    }

    @Test
    void aHeaderWhoseWrittenCountDoesNotFitMeansUnknownOverwrittenEvents() throws Exception {
        LoadedTrace t = load(withLine(3, l -> l.replace("585/585", "3/18446744073709551619")));
        assertEquals(ParseStats.UNKNOWN_COUNT, t.overwrittenEvents());
        assertFalse(t.complete());
        assertEquals(0, t.unparsedLines());
        assertEquals(585, t.events());
    }

    @Test
    void concatenatedDumpsSumTheOverwrittenEventsOfEveryHeader() throws Exception {
        // an overrun dump (734/1300) followed by a complete one (585/585): the last header says nothing lost
        List<String> lines = new ArrayList<>(TestTraces.lines("captured/xfs-overrun.trace.gz"));
        int overrunLines = lines.size();
        lines.addAll(TestTraces.lines(DIO));
        Path p = write("two-dumps.trace", lines);
        try (Database db = Database.open(null)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults()).load(p, ProgressListener.NONE);
            assertEquals(1300 - 734, t.overwrittenEvents());
            assertFalse(t.complete());
            assertEquals(overrunLines + 597, t.lines());
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT entries_in_buffer, entries_written FROM traces")) {
                assertTrue(rs.next());
                assertEquals(734 + 585, rs.getLong(1));
                assertEquals(1300 + 585, rs.getLong(2));
            }
        }
    }

    // --- 3. compressed streams with something after them

    @Test
    void aTruncatedSecondGzipMemberMarksTheTraceTruncated() throws Exception {
        byte[] gz = Files.readAllBytes(TestTraces.path(DIO));
        Path p = dir.resolve("two-members.trace.gz");
        Files.write(p, concat(gz, java.util.Arrays.copyOf(gz, 12)));
        LoadedTrace t = load(p);
        assertEquals(585, t.events(), "the whole first member is loaded");
        assertTrue(t.truncated());
        assertFalse(t.complete());
        // gzip -9 stores the file name: the 12 bytes end inside the second member's header
        assertEquals("gzip stream ended early after line 597 (gzip member 2 is cut short (unexpected end of a gzip "
                + "header)): the rest of the file is not in the trace", t.truncation());
    }

    @ParameterizedTest
    @CsvSource({"corpus/xfs-dio-overlap.trace.gz, gzip", "captured/xfs-dio-overlap.trace.zst, zstd",
            "captured/xfs-dio-overlap.trace.xz, xz", "captured/xfs-dio-overlap.trace.bz2, bzip2",
            "captured/xfs-dio-overlap.trace.lz4, lz4"})
    void trailingGarbageAfterACompressedStreamMarksTheTraceTruncated(String resource, String label) throws Exception {
        byte[] compressed = Files.readAllBytes(TestTraces.path(resource));
        // 12 bytes that are not a compressed stream: the start of the same trace as text
        byte[] garbage = TestTraces.line(DIO, 1).substring(0, 12).getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve("garbage." + label);
        Files.write(p, concat(compressed, garbage));
        LoadedTrace t = load(p);
        assertEquals(label, t.compression());
        assertEquals(585, t.events());
        assertTrue(t.truncated(), label + " trailing garbage must be reported");
        assertFalse(t.complete());
        assertTrue(t.truncation().startsWith(label + " stream damaged after line 597 ("), t.truncation());
        assertFalse(t.truncation().contains("null"), t.truncation());
        if (label.equals("gzip")) {
            assertEquals("gzip stream damaged after line 597 (the bytes after gzip member 1 are not a whole gzip "
                    + "member (not a gzip member header)): the rest of the file is not in the trace", t.truncation());
        }
    }

    @ParameterizedTest
    @CsvSource({"captured/xfs-dio-overlap.trace.zst, zstd", "captured/xfs-dio-overlap.trace.lz4, lz4",
            "corpus/xfs-dio-overlap.trace.gz, gzip"})
    void aTruncatedStreamIsLoadedAsTruncatedAndSaysWhy(String resource, String label) throws Exception {
        byte[] compressed = Files.readAllBytes(TestTraces.path(resource));
        Path p = dir.resolve("cut." + label);
        Files.write(p, java.util.Arrays.copyOf(compressed, compressed.length * 2 / 3));
        LoadedTrace t = load(p);
        assertTrue(t.events() > 0, label);
        assertTrue(t.truncated(), label);
        assertFalse(t.complete());
        assertTrue(t.truncation().matches(label + " stream (ended early|damaged) after line \\d+ \\(.+\\): the rest of the file is not in the trace"), t.truncation());
        assertFalse(t.truncation().contains("null"), t.truncation());
    }

    @ParameterizedTest
    @CsvSource({"captured/xfs-dio-overlap.trace.xz, xz", "captured/xfs-dio-overlap.trace.bz2, bzip2"})
    void aTruncatedBlockFormatWithNothingDecodableIsACleanErrorWithoutNull(String resource, String label)
            throws Exception {
        // this trace is one xz/bzip2 block: cut, not one line of it can be decoded
        byte[] compressed = Files.readAllBytes(TestTraces.path(resource));
        Path p = dir.resolve("cut." + label);
        Files.write(p, java.util.Arrays.copyOf(compressed, compressed.length * 2 / 3));
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(p));
        assertTrue(e.getMessage().endsWith("cut." + label + ": cannot be read: its " + label
                + " data is cut short or damaged before any text (" + (label.equals("xz")
                ? "unexpected end of the compressed data" : "Unexpected end of stream") + ")"), e.getMessage());
    }

    // --- 5. line length

    @Test
    void aLineLongerThanTheMaximumIsSkippedAndCounted() throws Exception {
        for (int repeat : new int[] {500, 5000}) { // ~100 KiB (inside a block) and ~1 MiB (skipped while read)
            LoadedTrace t = load(withLine(BEGIN_LINE, l -> l.repeat(repeat)));
            assertOneProblem(t, BEGIN_LINE, "line longer than 65536 bytes, skipped");
            assertTrue(t.complete());
        }
    }

    @Test
    void theMaximumLineLengthIsAnOption() throws Exception {
        Path p = withLine(BEGIN_LINE, l -> l.repeat(3)); // ~600 bytes
        try (Database db = Database.open(null)) {
            LoadedTrace t = new TraceLoader(db, LoadOptions.defaults().withMaxLineBytes(512).withBlockSize(1024))
                    .load(p, ProgressListener.NONE);
            assertEquals(1, t.unparsedLines());
            assertEquals("line longer than 512 bytes, skipped", t.problems().get(0).reason());
            assertEquals(BEGIN_LINE, t.problems().get(0).line());
            assertEquals(584, t.events());
            assertEquals(597, t.lines());
        }
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.defaults().withMaxLineBytes(10));
    }

    @Test
    void fiftyMegabytesOfZerosAreRefusedWithoutBufferingThem() throws Exception {
        Path zeros = dir.resolve("zeros");
        try (var out = Files.newOutputStream(zeros)) {
            byte[] mb = new byte[1 << 20];
            for (int i = 0; i < 50; i++) out.write(mb);
        }
        TraceInputException e = assertThrows(TraceInputException.class, () -> load(zeros));
        assertTrue(e.getMessage().endsWith("zeros: has no events (1 line(s), 1 of them longer than 65536 bytes)"),
                e.getMessage());
    }

    static int lineOf(String resource, String text) {
        List<String> lines = TestTraces.lines(resource);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) return i + 1;
        }
        throw new IllegalArgumentException(text);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
