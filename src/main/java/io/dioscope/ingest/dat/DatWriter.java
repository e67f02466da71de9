package io.dioscope.ingest.dat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The head of an uncompressed version 6 trace.dat, as trace-cmd writes it (trace-cmd.dat(5)): the
 * magic and version, byte order, long size and page size; the header page and header event formats;
 * the ftrace and event formats by system; kallsyms, printk formats and the saved command lines; the
 * CPU count; the options (the trace clock, each CPU's ring-buffer stats); and the flyrecord section with each CPU's data offset and
 * size. The CPUs' pages follow it, each CPU's pages together, in CPU order, starting at
 * {@link Head#dataStart()} (a page boundary).
 */
public final class DatWriter {
    /** What the head says about the recording. {@code eventFormats}: {system, format text} pairs. */
    public record Metadata(ByteOrder order, int longSize, int pageSize, String headerPage, String headerEvent,
            List<String> ftraceFormats, List<String[]> eventFormats, String kallsyms, String printk, String cmdlines,
            String clock, List<String> cpuStats) {}

    /** The head's bytes, zero-padded up to the first CPU's data. */
    public record Head(byte[] bytes) {
        public long dataStart() {
            return bytes.length;
        }
    }

    private DatWriter() {}

    /**
     * The page (sub-buffer) size and long size a tracefs {@code events/header_page} describes: the
     * bytes one read of {@code trace_pipe_raw} returns, and the kernel's {@code long}.
     */
    public static int[] pageAndLongSize(String headerPage) throws DatException {
        HeaderPage h = HeaderPage.parse(headerPage);
        return new int[] {h.pageBytes(), h.commitSize()};
    }

    /**
     * The head for CPUs whose data take {@code cpuBytes[i]} bytes each. {@code clock} is the text of
     * tracefs's trace_clock ("[local] global ..."), or null for none; {@code cpuStats}, one text per
     * CPU as trace-cmd stores them ("CPU: 0\n" and the CPU's {@code stats} file), or none.
     */
    public static Head head(Metadata m, long[] cpuBytes) {
        Out o = new Out(m.order());
        o.bytes(DatFile.MAGIC).cstring("6").u8(m.order() == ByteOrder.BIG_ENDIAN ? 1 : 0).u8(m.longSize()).u32(m.pageSize());
        o.cstring("header_page").u64(size(m.headerPage())).text(m.headerPage());
        o.cstring("header_event").u64(size(m.headerEvent())).text(m.headerEvent());
        o.u32(m.ftraceFormats().size());
        for (String t : m.ftraceFormats()) o.u64(size(t)).text(t);
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (String[] sf : m.eventFormats()) systems.computeIfAbsent(sf[0], k -> new ArrayList<>()).add(sf[1]);
        o.u32(systems.size());
        for (Map.Entry<String, List<String>> e : systems.entrySet()) {
            o.cstring(e.getKey()).u32(e.getValue().size());
            for (String t : e.getValue()) o.u64(size(t)).text(t);
        }
        o.u32(size(m.kallsyms())).text(m.kallsyms());
        o.u32(size(m.printk())).text(m.printk());
        o.u64(size(m.cmdlines())).text(m.cmdlines());
        o.u32(cpuBytes.length);
        o.bytes("options  \0".getBytes(StandardCharsets.ISO_8859_1));
        if (m.clock() != null) {
            byte[] clock = (m.clock() + "\0").getBytes(StandardCharsets.ISO_8859_1);
            o.u16(DatSections.TRACECLOCK).u32(clock.length).bytes(clock);
        }
        for (String stat : m.cpuStats()) {
            byte[] text = (stat + "\0").getBytes(StandardCharsets.ISO_8859_1);
            o.u16(DatSections.CPUSTAT).u32(text.length).bytes(text);
        }
        o.u16(DatSections.DONE);
        o.bytes("flyrecord\0".getBytes(StandardCharsets.ISO_8859_1));
        long dataStart = align(o.size() + 16L * cpuBytes.length, m.pageSize());
        long offset = dataStart;
        for (long b : cpuBytes) {
            o.u64(offset).u64(b);
            offset += b;
        }
        byte[] head = new byte[(int) dataStart];
        byte[] written = o.toByteArray();
        System.arraycopy(written, 0, head, 0, written.length);
        return new Head(head);
    }

    private static long size(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1).length;
    }

    private static long align(long v, int to) {
        return (v + to - 1) / to * to;
    }

    /** The head being written, in the file's byte order. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteOrder order;

        Out(ByteOrder order) {
            this.order = order;
        }

        private Out number(long v, int size) {
            byte[] a = ByteBuffer.allocate(8).order(order).putLong(0, v).array();
            if (order == ByteOrder.LITTLE_ENDIAN) bytes.write(a, 0, size);
            else bytes.write(a, 8 - size, size);
            return this;
        }

        Out u8(int v) {
            bytes.write(v);
            return this;
        }

        Out u16(int v) {
            return number(v, 2);
        }

        Out u32(long v) {
            return number(v, 4);
        }

        Out u64(long v) {
            return number(v, 8);
        }

        Out bytes(byte[] b) {
            bytes.write(b, 0, b.length);
            return this;
        }

        Out text(String s) {
            return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        Out cstring(String s) {
            return text(s).u8(0);
        }

        int size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
