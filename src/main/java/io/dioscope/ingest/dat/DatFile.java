package io.dioscope.ingest.dat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace-cmd {@code trace.dat}, version 6 or 7, opened: its header, its metadata (event formats, saved
 * command lines, kallsyms, options) and where each buffer's per-CPU pages lie. The layouts are those of
 * trace-cmd's {@code trace-cmd.dat.v6(5)} and {@code trace-cmd.dat.v7(5)}: version 6 is one run of
 * metadata followed by the CPU data; version 7 is a chain of option sections pointing at sections,
 * which may be compressed. The events themselves are read by {@link RecordReader}.
 */
public final class DatFile implements Closeable {
    static final byte[] MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};

    final DatInput in;
    int version;
    boolean bigEndian;
    /** Bytes of a long in the traced machine's user space (the header's) and kernel (header_page's commit). */
    int userLongSize;
    int kernelLongSize;
    int pageSize;
    DatCompression compression = DatCompression.NONE;
    String headerPage = "";
    String headerEvent = "";
    final List<String> ftraceFormats = new ArrayList<>();
    /** {system, format text} pairs. */
    final List<String[]> eventFormats = new ArrayList<>();
    String kallsyms = "";
    String printk = "";
    String cmdlines = "";
    int cpus = -1;
    String clock;
    /** Added to every timestamp (option OFFSET), in the trace clock's units. */
    long timeOffset;
    /** TSC2NSEC: ns = (ts * mult) >> shift (its offset field is not applied, as trace-cmd does not); mult 0 when absent. */
    long tscMult;
    int tscShift;
    final List<DatBuffer> buffers = new ArrayList<>();

    private DatFile(DatInput in) {
        this.in = in;
    }

    /** True when {@code head[0, n)} starts like a trace.dat. */
    public static boolean isDat(byte[] head, int n) {
        if (n < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) if (head[i] != MAGIC[i]) return false;
        return true;
    }

    /** Opens and reads the metadata of a trace.dat; a file it cannot follow fails with one sentence. */
    public static DatFile open(Path path) throws DatException, IOException {
        DatInput in = new DatInput(path);
        DatFile f = new DatFile(in);
        try {
            f.readHeader();
            return f;
        } catch (DatException | IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private void readHeader() throws DatException, IOException {
        byte[] head = in.read(0, (int) Math.min(in.size(), 4096), "the file header");
        if (!isDat(head, head.length)) throw new DatException("is not a trace.dat (no 0x17 0x08 0x44 \"tracing\" magic)");
        ByteCursor c = new ByteCursor(head, false, "the file header");
        c.skip(MAGIC.length, "magic");
        String v = c.cstring("version");
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new DatException("its version \"" + v + "\" is not a number");
        }
        if (version < 6 || version > 7) {
            throw new DatException("is a trace.dat version " + version + "; dioscope reads versions 6 and 7");
        }
        int endian = head[c.position()] & 0xff;
        c.skip(1, "endianness");
        if (endian > 1) throw new DatException("its endianness byte is " + endian + " (0 or 1 expected)");
        bigEndian = endian == 1;
        userLongSize = head[c.position()] & 0xff;
        c.skip(1, "long size");
        if (userLongSize != 4 && userLongSize != 8) {
            throw new DatException("its long size is " + userLongSize + " (4 or 8 expected)");
        }
        c = new ByteCursor(head, c.position(), head.length, bigEndian, "the file header");
        pageSize = (int) c.u32("page size");
        if (pageSize < 4096 || pageSize > (1 << 24) || Integer.bitCount(pageSize) != 1) {
            throw new DatException("its page size " + pageSize + " is not a power of two from 4096 to 16 MiB");
        }
        if (version == 6) {
            readV6(c.position());
        } else {
            String name = c.cstring("compression name");
            String cv = c.cstring("compression version");
            compression = DatCompression.named(name, cv);
            long options = c.u64("first options offset");
            new DatSections(this).readOptionChain(options);
        }
        if (headerPage.isEmpty()) throw new DatException("has no header_page description");
        kernelLongSize = HeaderPage.commitSize(headerPage);
        if (buffers.isEmpty()) throw new DatException("records no flyrecord buffer (a latency trace, or the options "
                + "describing its buffers are missing)");
    }

    /** Version 6: the metadata one part after the other, then the CPU data's offsets. */
    private void readV6(long start) throws DatException, IOException {
        DatSections.Reader r = new DatSections.Reader(this, start, "the metadata");
        r.expect("header_page");
        headerPage = r.text(r.u64("header_page size"), "header_page");
        r.expect("header_event");
        headerEvent = r.text(r.u64("header_event size"), "header_event");
        long n = r.u32("ftrace format count");
        for (long i = 0; i < n; i++) ftraceFormats.add(r.text(r.u64("ftrace format size"), "ftrace format"));
        long systems = r.u32("event system count");
        for (long s = 0; s < systems; s++) {
            String system = r.cstring("system name");
            long events = r.u32("event count of system " + system);
            for (long e = 0; e < events; e++) {
                eventFormats.add(new String[] {system, r.text(r.u64("format size"), "format of system " + system)});
            }
        }
        kallsyms = r.text(r.u32("kallsyms size"), "kallsyms");
        printk = r.text(r.u32("printk formats size"), "printk formats");
        cmdlines = r.text(r.u64("saved cmdlines size"), "saved cmdlines");
        cpus = (int) r.u32("cpu count");
        String kind = r.fixed(10, "data kind");
        if (kind.startsWith("options")) {
            new DatSections(this).readV6Options(r);
            kind = r.fixed(10, "data kind");
        }
        if (kind.startsWith("latency")) throw new DatException("is a latency trace (text), not flyrecord data");
        if (!kind.startsWith("flyrecord")) throw new DatException("expected \"flyrecord\" after the metadata, found \"" + kind + "\"");
        List<DatBuffer.CpuData> data = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            data.add(new DatBuffer.CpuData(cpu, r.u64("CPU " + cpu + " data offset"), r.u64("CPU " + cpu + " data size")));
        }
        buffers.add(0, new DatBuffer("", clock == null ? "local" : clock, pageSize, data, false));
    }

    /** The recording machine's page size (trace-cmd writes getpagesize() into the header). */
    public int pageSize() {
        return pageSize;
    }

    public int version() {
        return version;
    }

    /** "none", "zlib" or "zstd". */
    public String compression() {
        return compression.label();
    }

    /** "trace.dat v7 zstd": what the file is, for the traces table. */
    public String label() {
        return "trace.dat v" + version + (version >= 7 ? " " + compression.label() : "");
    }

    public List<DatBuffer> buffers() {
        return List.copyOf(buffers);
    }

    /** The number of CPUs of the traced machine, as the file states it; -1 when it does not. */
    public int cpus() {
        return cpus;
    }

    long size() {
        return in.size();
    }

    /** Bytes of the file read so far, for progress. */
    public long bytesRead() {
        return in.bytesRead();
    }

    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
