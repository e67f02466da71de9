package io.dioscope.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header fields of real lines of every dialect (each quoted from a test trace, never invented). */
class LineTokenizerTest {

    private static TokenizedLine tokenize(TraceFormat format, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        TokenizedLine t = new TokenizedLine();
        new LineTokenizer(format).tokenize(b, 0, b.length, t);
        return t;
    }

    private static String slice(String line, int start, int end) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    @Test
    void ftraceWithIrqFlagsAndAKworkerWhoseCommHasAColon() {
        String line = TestTraces.firstLineWith("corpus/xfs-clean.trace.gz", "kworker/0:3-7380");
        TokenizedLine t = tokenize(TraceFormat.FTRACE, line);
        assertEquals(LineKind.EVENT, t.kind);
        assertEquals("kworker/0:3", slice(line, t.commStart, t.commEnd));
        assertEquals(7380, t.pid);
        assertEquals(-1, t.tgid);
        assertEquals(".....", slice(line, t.irqStart, t.irqEnd));
        assertEquals("xfs_end_io_direct_write", slice(line, t.nameStart, t.nameEnd));
        assertEquals(4195_292017_000L, t.ts);
        assertEquals("dev 7:0 ino 0x83 isize 0x400000 disize 0x400000 pos 0x0 bytecount 0x10000",
                slice(line, t.bodyStart, t.bodyEnd));
    }

    @Test
    void tgidColumnWithoutIrqInfoAndACommWithASpaceAndADash() {
        String line = TestTraces.firstLineWith("captured/xfs-noirq-tgid.trace.gz", "iomap_dio_rw_begin");
        TokenizedLine t = tokenize(TraceFormat.FTRACE, line);
        assertEquals(LineKind.EVENT, t.kind);
        assertEquals("dio writer-1", slice(line, t.commStart, t.commEnd));
        assertEquals(t.pid, t.tgid);
        assertEquals(-1, t.irqStart);
        assertEquals("iomap_dio_rw_begin", slice(line, t.nameStart, t.nameEnd));
    }

    @Test
    void traceCmdDefaultLatencyAndNanosecondForms() {
        // the same event (line 8 of each rendering of corpus/trace-cmd/xfs-read-overlap.dat)
        String plain = TestTraces.line("corpus/trace-cmd/xfs-read-overlap.report.gz", 8);
        String latency = TestTraces.line("captured/xfs-read-overlap.latency.report.gz", 8);
        String ns = TestTraces.line("captured/xfs-read-overlap.ns.report.gz", 8);
        String both = TestTraces.line("captured/xfs-read-overlap.latency-ns.report.gz", 8);
        TokenizedLine a = tokenize(TraceFormat.TRACE_CMD, plain);
        TokenizedLine b = tokenize(TraceFormat.TRACE_CMD, latency);
        TokenizedLine c = tokenize(TraceFormat.TRACE_CMD, ns);
        TokenizedLine d = tokenize(TraceFormat.TRACE_CMD, both);
        for (TokenizedLine t : new TokenizedLine[] {a, b, c, d}) {
            assertEquals(LineKind.EVENT, t.kind);
            assertEquals(27600, t.pid);
            assertEquals(1, t.cpu);
        }
        assertEquals("xfs_file_buffered_write", slice(plain, a.nameStart, a.nameEnd));
        assertEquals("dioscen", slice(plain, a.commStart, a.commEnd));
        assertEquals(-1, a.irqStart);
        assertEquals(".....", slice(latency, b.irqStart, b.irqEnd), "cpu digit glued to the flags");
        assertEquals(4200_669072_000L, a.ts);
        assertEquals(4200_669072_000L, b.ts);
        assertEquals(4200_669072_452L, c.ts, "-t keeps the nanoseconds");
        assertEquals(4200_669072_452L, d.ts);
    }

    @Test
    void traceCmdLatencyFormTruncatedKworkerComm() {
        String line = TestTraces.firstLineWith("captured/xfs-read-overlap.latency.report.gz", "kworker/-6367");
        TokenizedLine t = tokenize(TraceFormat.TRACE_CMD, line);
        assertEquals("kworker/", slice(line, t.commStart, t.commEnd));
        assertEquals(6367, t.pid);
        assertEquals(0, t.cpu);
    }

    @Test
    void perfScriptSystemPrefixAndPidSlashTid() {
        String line = TestTraces.line("captured/xfs-pidtid.perfscript.gz", 1);
        TokenizedLine t = tokenize(TraceFormat.PERF_SCRIPT, line);
        assertEquals(LineKind.EVENT, t.kind);
        assertEquals("dd", slice(line, t.commStart, t.commEnd));
        assertEquals(11561, t.pid);
        assertEquals(1, t.cpu);
        assertEquals("mm_filemap_add_to_page_cache", slice(line, t.nameStart, t.nameEnd));
        String plain = TestTraces.line("corpus/perf/xfs-read-overlap.perfscript.gz", 1);
        TokenizedLine p = tokenize(TraceFormat.PERF_SCRIPT, plain);
        assertEquals("perf-exec", slice(plain, p.commStart, p.commEnd));
        assertEquals(27561, p.pid);
    }

    @Test
    void perfScriptCallChainFramesAreReadAfterTheirTab() {
        String chains = "captured/xfs-read-overlap-callchains.perfscript.gz";
        // lines 11187-11198: an iomap_dio_rw_begin and its 11 frames, the last one an unknown at address 0
        assertEquals(LineKind.EVENT, tokenize(TraceFormat.PERF_SCRIPT, TestTraces.line(chains, 11187)).kind);
        String kernel = TestTraces.line(chains, 11190);
        TokenizedLine t = tokenize(TraceFormat.PERF_SCRIPT, kernel);
        assertEquals(LineKind.CALL_FRAME, t.kind);
        assertEquals(0xffffffff81937f64L, t.frame.address);
        assertEquals("xfs_file_dio_write_aligned.constprop.0", slice(kernel, t.frame.symbolStart, t.frame.symbolEnd));
        assertEquals(0xb4, t.frame.symbolOffset);
        assertEquals("[kernel.kallsyms]", slice(kernel, t.frame.dsoStart, t.frame.dsoEnd));
        String libc = TestTraces.line(chains, 11197);
        t = tokenize(TraceFormat.PERF_SCRIPT, libc);
        assertEquals(0x101829, t.frame.address);
        assertEquals("syscall", slice(libc, t.frame.symbolStart, t.frame.symbolEnd));
        assertEquals(0x19, t.frame.symbolOffset);
        assertEquals("/usr/lib/x86_64-linux-gnu/libc.so.6", slice(libc, t.frame.dsoStart, t.frame.dsoEnd));
        t = tokenize(TraceFormat.PERF_SCRIPT, TestTraces.line(chains, 11198));
        assertEquals(LineKind.CALL_FRAME, t.kind);
        assertEquals(0, t.frame.address);
        assertEquals(-1, t.frame.symbolStart, "[unknown] is no symbol");
        assertEquals(io.dioscope.bytes.Ascii.NOT_A_NUMBER, t.frame.symbolOffset);
        assertEquals(-1, t.frame.dsoStart, "([unknown]) is no dso");
        // only perf script prints call chains: in another format the line is what it was, unparsed
        assertEquals(LineKind.UNPARSED, tokenize(TraceFormat.FTRACE, kernel).kind);
    }

    @Test
    void functionTracerLineIsFunctionAndParent() {
        String line = TestTraces.firstLineWith("corpus/k61/k61-xfs-mmap-overlap.trace.gz",
                "invalidate_inode_pages2_range <-kiocb_invalidate_post_direct_write");
        TokenizedLine t = tokenize(TraceFormat.FTRACE, line);
        assertEquals(LineKind.FUNCTION, t.kind);
        assertEquals("invalidate_inode_pages2_range", slice(line, t.nameStart, t.nameEnd));
        assertEquals("kiocb_invalidate_post_direct_write", slice(line, t.bodyStart, t.bodyEnd));
        assertEquals("kworker/1:2", slice(line, t.commStart, t.commEnd));
    }

    @Test
    void blkTracerLineIsRecognisedByItsDeviceColumn() {
        String line = TestTraces.firstLineWith("corpus/blk/xfs-read-overlap.trace.gz", " Q  RM 2 + 1 [dioscen]");
        TokenizedLine t = tokenize(TraceFormat.FTRACE, line);
        assertEquals(LineKind.BLK, t.kind);
        assertEquals("7,0    Q  RM 2 + 1 [dioscen]", slice(line, t.bodyStart, t.bodyEnd));
    }

    @Test
    void lossMarkersAndHeaders() {
        assertEquals(LineKind.LOSS, tokenize(TraceFormat.FTRACE,
                TestTraces.firstLineWith("captured/xfs-pipe-lost.trace.gz", "LOST")).kind);
        assertEquals(LineKind.LOSS, tokenize(TraceFormat.FTRACE,
                TestTraces.firstLineWith("captured/xfs-overrun.trace.gz", "buffer started")).kind);
        assertEquals(LineKind.HEADER, tokenize(TraceFormat.FTRACE,
                TestTraces.line("corpus/xfs-clean.trace.gz", 3)).kind);
        assertEquals(LineKind.HEADER, tokenize(TraceFormat.TRACE_CMD,
                TestTraces.line("corpus/trace-cmd/xfs-read-overlap.report.gz", 1)).kind);
    }

    @Test
    void lossMarkersAndHeadersAreReadOnceByTheTokenizer() {
        MetaLine lost = tokenize(TraceFormat.FTRACE,
                TestTraces.firstLineWith("captured/xfs-pipe-lost.trace.gz", "LOST")).meta;
        assertEquals(0, lost.lossCpu);
        assertEquals(586, lost.lossCount);
        assertFalse(lost.wrapped);
        MetaLine wrapped = tokenize(TraceFormat.FTRACE,
                TestTraces.firstLineWith("captured/xfs-overrun.trace.gz", "buffer started")).meta;
        assertEquals(0, wrapped.lossCpu);
        assertEquals(-1, wrapped.lossCount);
        assertTrue(wrapped.wrapped);
        MetaLine entries = tokenize(TraceFormat.FTRACE, TestTraces.line("corpus/xfs-clean.trace.gz", 3)).meta;
        assertTrue(entries.entries);
        assertEquals(1403, entries.entriesInBuffer);
        assertEquals(1403, entries.entriesWritten);
        assertEquals(2, entries.cpus);
        assertEquals("nop", tokenize(TraceFormat.FTRACE, TestTraces.line("corpus/xfs-clean.trace.gz", 1)).meta.tracer);
        assertEquals(2, tokenize(TraceFormat.TRACE_CMD,
                TestTraces.line("corpus/trace-cmd/xfs-read-overlap.report.gz", 1)).meta.cpus);
    }

    @Test
    void textThatIsNotATraceLineIsUnparsedWithAReason() {
        String line = TestTraces.firstLineWith("corpus/README.md", "Every file here was captured");
        TokenizedLine t = tokenize(TraceFormat.FTRACE, line);
        assertEquals(LineKind.UNPARSED, t.kind);
        assertEquals("no timestamp column", t.problem);
    }
}
