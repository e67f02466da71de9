package io.dioscope.ingest;

import static io.dioscope.ingest.decode.EventField.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventField;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed columns of real event lines, one family at a time. */
class DecoderTest {

    /** Collects what the parser sets for one line. */
    static final class Captured implements RowSink {
        final Map<EventField, Object> values = new EnumMap<>(EventField.class);

        @Override
        public void beginRow() {
            values.clear();
        }

        @Override
        public void abortRow() {
            values.clear();
        }

        @Override
        public void setLong(EventField f, long v) {
            if (v != Ascii.NOT_A_NUMBER) values.put(f, v);
        }

        @Override
        public void setInt(EventField f, long v) {
            if (v != Ascii.NOT_A_NUMBER) values.put(f, v);
        }

        @Override
        public void setBool(EventField f, long v) {
            if (v != Ascii.NOT_A_NUMBER) values.put(f, v != 0);
        }

        @Override
        public void setSymbol(EventField f, byte[] s) {
            if (s != null) values.put(f, new String(s, StandardCharsets.UTF_8));
        }

        @Override
        public void setText(EventField f, byte[] b, int start, int end) {
            values.put(f, new String(b, start, end - start, StandardCharsets.UTF_8));
        }

        Object get(EventField f) {
            return values.get(f);
        }
    }

    /** For a parser given single event lines: a call-chain frame reaching it is a test failure. */
    static final io.dioscope.ingest.CallChainSink NO_FRAMES = (line, depth, address, symbol, offset, dso) -> {
        throw new AssertionError("a call-chain frame from a single event line");
    };

    static Captured parse(TraceFormat format, String line) {
        ParseStats stats = new ParseStats();
        LineParser p = new LineParser(format, EventCatalog.standard(), stats, true, NO_FRAMES);
        Captured c = new Captured();
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        assertTrue(p.parse(b, 0, b.length, 42, c), "not parsed: " + line);
        return c;
    }

    static Captured ftrace(String resource, String containing) {
        return parse(TraceFormat.FTRACE, TestTraces.firstLineWith(resource, containing));
    }

    @Test
    void dioBeginHasTheRangeAskedForAndIocbFlags() {
        Captured c = ftrace("corpus/ext4-clean.trace.gz", "iomap_dio_rw_begin:");
        assertEquals("iomap_dio_rw_begin", c.get(EVENT));
        assertEquals("7:0", c.get(DEV));
        assertEquals(0xcL, c.get(INO));
        assertEquals(0x400000L, c.get(ISIZE));
        assertEquals(0L, c.get(POS));
        assertEquals(0x10000L, c.get(LEN));
        assertEquals(0L, c.get(DONE_BEFORE));
        assertEquals("DIRECT|WRITE|AIO_RW", c.get(FLAGS));
        assertEquals("", c.get(DIO_FLAGS), "the kernel printed no dio_flags");
        assertEquals(true, c.get(AIO));
        assertEquals(42L, c.get(LINE));
    }

    @Test
    void dioCompleteCarriesThePositionAfterTheWrite() {
        Captured c = ftrace("corpus/ext4-clean.trace.gz", "iomap_dio_complete:");
        assertEquals(0x10000L, c.get(POS));
        assertEquals(65536L, c.get(RET));
        assertEquals(0L, c.get(ERROR));
        assertEquals("kworker/1:2", c.get(COMM));
    }

    @Test
    void nowaitAttemptThatFailedWithEagain() {
        Captured c = ftrace("corpus/fio/xfs-fio-mixed.trace.gz", "error -11");
        assertEquals("NOWAIT|DIRECT|WRITE|ALLOC_CACHE", c.get(FLAGS));
        assertEquals(-11L, c.get(ERROR));
    }

    @Test
    void iomapIterFlagsAndCallerWithoutOffset() {
        Captured c = ftrace("corpus/xfs-mmap-overlap.trace.gz", "flags WRITE|FAULT");
        assertEquals("WRITE|FAULT", c.get(FLAGS));
        assertEquals("iomap_page_mkwrite", c.get(CALLER));
        Captured read = ftrace("corpus/fio/xfs-fio-mixed.trace.gz", "flags  (0x0)");
        assertEquals("", read.get(FLAGS));
    }

    @Test
    void pageCacheFolioInodeIsHexWithoutPrefixAndLengthComesFromOrder() {
        Captured c = ftrace("corpus/xfs-mmap-overlap.trace.gz", "ofs=1048576 order=8");
        assertEquals(0x83L, c.get(INO));
        assertEquals(1048576L, c.get(POS));
        assertEquals(4096L << 8, c.get(LEN));
        assertEquals(0x166400L, c.get(PFN));
    }

    @Test
    void filemapFaultAndGetPagesUseKeyEqualsValue() {
        Captured fault = ftrace("corpus/fio/xfs-fio-mixed.trace.gz", "mm_filemap_fault: dev=7:0 ino=83 ofs=31973376");
        assertEquals(0x83L, fault.get(INO));
        assertEquals(31973376L, fault.get(POS));
        assertEquals(4096L, fault.get(LEN));
        Captured get = ftrace("corpus/ext4-clean.trace.gz", "mm_filemap_get_pages: dev=7:0 ino=c ofs=0-4194303");
        assertEquals(0xcL, get.get(INO));
        assertEquals(0L, get.get(POS));
        assertEquals(4194304L, get.get(LEN));
    }

    @Test
    void writebackInodeIsDecimalAndTheBdiBecomesTheDevice() {
        Captured c = ftrace("corpus/xfs-mmap-overlap.trace.gz", "bdi 7:0: ino=131 index=256");
        assertEquals("7:0", c.get(DEV));
        assertEquals(131L, c.get(INO));
        assertEquals(256L * 4096, c.get(POS));
        assertEquals(4096L, c.get(LEN));
        Captured host = ftrace("corpus/xfs-mmap-overlap.trace.gz", "bdi 254:0: ino=266338304 index=5");
        assertEquals("254:0", host.get(DEV));
    }

    @Test
    void ext4DevicesWithACommaAndDecimalInodes() {
        Captured punch = ftrace("corpus/ext4-punch-overlap.trace.gz", "ext4_punch_hole:");
        assertEquals("7:0", punch.get(DEV));
        assertEquals(12L, punch.get(INO));
        assertEquals(0L, punch.get(POS));
        assertEquals(65536L, punch.get(LEN));
        Captured write = ftrace("corpus/ext4-clean.trace.gz", "ext4_da_write_begin:");
        assertEquals(1048576L, write.get(LEN));
        Captured folio = ftrace("corpus/ext4-mmap-overlap.trace.gz", "ext4_read_folio:");
        assertEquals(12L, folio.get(INO));
        assertEquals(4096L, folio.get(LEN));
    }

    @Test
    void xfsFileEventsAndTheRangelessSpaceOperations() {
        Captured w = ftrace("corpus/xfs-clean.trace.gz", "xfs_file_direct_write:");
        assertEquals(0x83L, w.get(INO));
        assertEquals(0x400000L, w.get(ISIZE));
        assertEquals(0x10000L, w.get(LEN));
        Captured end = ftrace("corpus/xfs-clean.trace.gz", "xfs_end_io_direct_write:");
        assertEquals(0L, end.get(POS));
        assertEquals(0x10000L, end.get(LEN));
        Captured free = ftrace("corpus/xfs-punch-overlap.trace.gz", "xfs_free_file_space:");
        assertEquals(0x83L, free.get(INO));
        assertNull(free.get(POS), "the event carries no range");
        Captured trunc = ftrace("corpus/xfs-clean.trace.gz", "xfs_itruncate_extents_start:");
        assertEquals(0x400000L, trunc.get(POS));
    }

    @Test
    void faultAroundAndWritebackWaits() {
        Captured map = ftrace("captured/space-ops-and-faults.trace.gz", "ofs=57344-122879");
        assertEquals("mm_filemap_map_pages", map.get(EVENT));
        assertEquals(0x84L, map.get(INO));
        assertEquals(57344L, map.get(POS));
        assertEquals(122880L - 57344, map.get(LEN));
        Captured wait = ftrace("captured/space-ops-and-faults.trace.gz", "folio_wait_writeback:");
        assertEquals(132L, wait.get(INO), "decimal in writeback events");
        assertEquals(4096L, wait.get(LEN));
    }

    @Test
    void everySpaceOperationOfXfsAndExt4() {
        String r = "captured/space-ops-and-faults.trace.gz";
        for (String e : new String[] {"xfs_zero_file_space:", "xfs_collapse_file_space:", "xfs_insert_file_space:"}) {
            Captured c = ftrace(r, e);
            assertEquals(0x84L, c.get(INO), e);
            assertNull(c.get(LEN), e + " carries no range");
        }
        Captured zero = ftrace(r, "ext4_zero_range:");
        assertEquals(12L, zero.get(INO));
        assertEquals(65536L, zero.get(POS));
        assertEquals(65536L, zero.get(LEN));
        assertEquals("ZERO_RANGE", zero.get(FLAGS));
        Captured collapse = ftrace(r, "ext4_collapse_range:");
        assertEquals(196608L, collapse.get(POS));
        assertEquals(65536L, collapse.get(LEN));
        Captured insert = ftrace(r, "ext4_insert_range:");
        assertEquals(196608L, insert.get(POS));
        Captured truncate = ftrace(r, "ext4_truncate_enter:");
        assertEquals(12L, truncate.get(INO));
        Captured punch = ftrace(r, "ext4_punch_hole:");
        assertEquals("", punch.get(FLAGS), "6.18 prints an empty mode for a punch");
    }

    @Test
    void blockBioEventsCarryTheirSubmittersRange() {
        Captured q = ftrace("captured/xfs-noirq-tgid.trace.gz", "block_bio_queue:");
        assertEquals("7:0", q.get(DEV));
        assertEquals("WS", q.get(FLAGS));
        assertEquals(192L, q.get(SECTOR));
        assertEquals(128L * 512, q.get(LEN));
        Captured c = ftrace("captured/xfs-noirq-tgid.trace.gz", "block_rq_complete:");
        assertEquals(0L, c.get(ERROR));
    }

    @Test
    void blockTracepointsAndBlkTracerLines() {
        Captured issue = ftrace("captured/xfs-blk-tracer.trace.gz", "block_rq_issue:");
        assertEquals("7:0", issue.get(DEV));
        assertEquals("RA", issue.get(FLAGS));
        assertEquals(192L, issue.get(SECTOR));
        assertEquals(128L * 512, issue.get(LEN));
        Captured complete = ftrace("captured/xfs-blk-tracer.trace.gz", "block_rq_complete:");
        assertEquals(0L, complete.get(ERROR));
        Captured queue = ftrace("corpus/blk/xfs-read-overlap.trace.gz", " Q  RM 2 + 1 [dioscen]");
        assertEquals("blk", queue.get(EVENT));
        assertEquals("Q", queue.get(ACTION));
        assertEquals("RM", queue.get(FLAGS));
        assertEquals(2L, queue.get(SECTOR));
        assertEquals(512L, queue.get(LEN));
        Captured split = ftrace("corpus/blk/xfs-read-overlap.trace.gz", " X  WS 192 / 2752 [dioscen]");
        assertEquals("X", split.get(ACTION));
        assertEquals(192L, split.get(SECTOR));
    }

    @Test
    void functionTracerAndKprobeOfLinux61() {
        Captured f = ftrace("corpus/k61/k61-xfs-mmap-overlap.trace.gz", "iomap_dio_complete <-iomap_dio_complete_work");
        assertEquals("function", f.get(EVENT));
        assertEquals("iomap_dio_complete", f.get(FUNC));
        assertEquals("iomap_dio_complete_work", f.get(CALLER));
        Captured k = ftrace("corpus/k61/k61-xfs-mmap-overlap.trace.gz", "inval_pages2:");
        assertEquals("inval_pages2", k.get(EVENT));
        assertEquals("invalidate_inode_pages2_range", k.get(FUNC));
        assertEquals(131L, k.get(INO));
        assertEquals("(invalidate_inode_pages2_range+0x0/0x3b0) ino=131 start=0 end=15", k.get(BODY));
    }

    @Test
    void markersAndTheKernelsOwnWarning() {
        Captured m = ftrace("corpus/xfs-clean.trace.gz", "tracing_mark_write:");
        assertEquals("scenario clean start", m.get(MESSAGE));
        Captured w = ftrace("corpus/k61/k61-xfs-mmap-overlap.trace.gz", "console: Page cache invalidation failure");
        assertEquals("console", w.get(EVENT));
        assertTrue(((String) w.get(MESSAGE)).startsWith("Page cache invalidation failure on direct I/O."));
        Captured print = parse(TraceFormat.TRACE_CMD,
                TestTraces.firstLineWith("corpus/trace-cmd/xfs-read-overlap.report.gz", "print:"));
        assertEquals("tracing_mark_write", print.get(EVENT), "trace-cmd's print: is a marker");
        assertEquals("scenario read-overlap start", print.get(MESSAGE));
    }

    @Test
    void perfScriptEventsAreTypedLikeFtraceOnes() {
        Captured c = parse(TraceFormat.PERF_SCRIPT,
                TestTraces.firstLineWith("corpus/perf/xfs-read-overlap.perfscript.gz", "iomap:iomap_dio_rw_begin:"));
        assertEquals("iomap_dio_rw_begin", c.get(EVENT));
        assertEquals(0x83L, c.get(INO));
        assertEquals(0x10000L, c.get(LEN));
    }
}
