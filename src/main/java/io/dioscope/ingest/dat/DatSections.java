package io.dioscope.ingest.dat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The metadata of a trace.dat: version 7's chain of option sections and the sections they point at
 * (each with a 16-byte header, compressed when flagged), and version 6's options block. Fills the
 * {@link DatFile} it was made for.
 */
final class DatSections {
    /** Option ids (trace-cmd.dat.v7(5), "OPTIONS SECTION"). */
    static final int DONE = 0, DATE = 1, CPUSTAT = 2, BUFFER = 3, TRACECLOCK = 4, OFFSET = 7, CPUCOUNT = 8, TSC2NSEC = 14, HEADER_INFO = 16, FTRACE_EVENTS = 17,
            EVENT_FORMATS = 18, KALLSYMS = 19, PRINTK = 20, CMDLINES = 21, BUFFER_TEXT = 22;
    /** Section flag: the section's data is one compressed block. */
    static final int SECTION_COMPRESSED = 1;

    private final DatFile f;

    DatSections(DatFile f) {
        this.f = f;
    }

    /** Reads the option sections from {@code offset} on, following each DONE option to the next. */
    void readOptionChain(long offset) throws DatException, IOException {
        Set<Long> seen = new HashSet<>();
        List<long[]> bufferOptions = new ArrayList<>();
        while (offset != 0) {
            if (!seen.add(offset)) throw new DatException("its options sections loop back to offset " + offset);
            if (offset > f.in.size() - 16) {
                throw new DatException("was cut short: the options section at offset " + offset + " (which trace-cmd "
                        + "writes last; it says where each CPU's data lies) is beyond its end (" + f.in.size()
                        + " bytes), so none of its events can be found");
            }
            Section s = section(offset, "options section");
            ByteCursor c = s.cursor;
            long next = 0;
            boolean done = false;
            while (!done) {
                int id = c.u16("option id");
                int size = c.size32("option " + id);
                int start = c.position();
                ByteCursor o = new ByteCursor(c.array(), start, start + size, f.bigEndian,
                        "option " + id + " of the options section at offset " + offset);
                switch (id) {
                    case DONE -> {
                        next = o.u64("next options offset");
                        done = true;
                    }
                    case BUFFER -> buffer(o, s, offset);
                    case BUFFER_TEXT -> { } // a latency (text) buffer: nothing to read as events
                    case HEADER_INFO -> headerInfo(section(o.u64("offset"), "header info section").cursor);
                    case FTRACE_EVENTS -> ftraceEvents(section(o.u64("offset"), "ftrace events section").cursor);
                    case EVENT_FORMATS -> eventFormats(section(o.u64("offset"), "event formats section").cursor);
                    case KALLSYMS -> {
                        ByteCursor k = section(o.u64("offset"), "kallsyms section").cursor;
                        f.kallsyms = k.text(k.size32("kallsyms"), "kallsyms");
                    }
                    case PRINTK -> {
                        ByteCursor k = section(o.u64("offset"), "printk section").cursor;
                        f.printk = k.text(k.size32("printk formats"), "printk formats");
                    }
                    case CMDLINES -> {
                        ByteCursor k = section(o.u64("offset"), "cmdlines section").cursor;
                        f.cmdlines = k.text(k.size64("saved cmdlines"), "saved cmdlines");
                    }
                    default -> common(id, o);
                }
                c.skip(size, "option " + id);
            }
            offset = next;
        }
    }

    /**
     * Options both versions share that change how events read: the clock, the CPU count, time offsets.
     * CPUSTAT, UNAME, VERSION, TIME_SHIFT (guest/host synchronisation) and the rest are not needed.
     */
    private void common(int id, ByteCursor o) throws DatException {
        switch (id) {
            case DATE -> f.timeOffset += 1000 * parseLong(o.text(o.remaining(), "date"), "DATE"); // microseconds
            case OFFSET -> f.timeOffset += parseLong(o.text(o.remaining(), "offset"), "OFFSET");
            case TRACECLOCK -> f.clock = selectedClock(o.text(o.remaining(), "trace clock"));
            case CPUCOUNT -> f.cpus = (int) o.u32("cpu count");
            case TSC2NSEC -> {
                f.tscMult = o.u32("tsc2nsec multiplier");
                f.tscShift = (int) o.u32("tsc2nsec shift");
            }
            default -> { } // options that do not change how events read (procmaps, guest, hooks, btf, ...)
        }
    }

    /** "[local] global counter": the clock in brackets is the one in use. */
    static String selectedClock(String text) {
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        if (open >= 0 && close > open) return text.substring(open + 1, close);
        return text.trim();
    }

    private static long parseLong(String s, String option) throws DatException {
        String t = s.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) return Long.parseUnsignedLong(t.substring(2), 16);
            if (t.startsWith("-0x")) return -Long.parseLong(t.substring(3), 16);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new DatException("its " + option + " option \"" + t + "\" is not a number");
        }
    }

    /** Version 7 BUFFER: the flyrecord section's offset, name, clock, page size and each CPU's data. */
    private void buffer(ByteCursor o, Section options, long optionsOffset) throws DatException, IOException {
        long offset = o.u64("buffer section offset");
        String name = o.cstring("buffer name");
        String clock = o.cstring("buffer clock");
        int pageSize = (int) o.u32("buffer page size");
        long count = o.u32("buffer cpu count");
        List<DatBuffer.CpuData> cpus = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            cpus.add(new DatBuffer.CpuData((int) o.u32("cpu id"), o.u64("cpu data offset"), o.u64("cpu data size")));
        }
        byte[] head = f.in.read(offset, 16, (name.isEmpty() ? "the top buffer" : "instance " + name) + "'s section header");
        int flags = (int) ByteCursor.number(head, 2, 2, f.bigEndian);
        DatBuffer b = new DatBuffer(name, clock, pageSize == 0 ? f.pageSize : pageSize, List.copyOf(cpus),
                (flags & SECTION_COMPRESSED) != 0);
        if (b.isTop()) {
            f.buffers.add(0, b);
            if (f.clock == null) f.clock = clock;
        } else {
            f.buffers.add(b);
        }
    }

    private void headerInfo(ByteCursor c) throws DatException {
        c.expect("header_page", "header_page tag");
        f.headerPage = c.text(c.size64("header_page"), "header_page");
        c.expect("header_event", "header_event tag");
        f.headerEvent = c.text(c.size64("header_event"), "header_event");
    }

    private void ftraceEvents(ByteCursor c) throws DatException {
        long n = c.u32("ftrace format count");
        for (long i = 0; i < n; i++) f.ftraceFormats.add(c.text(c.size64("ftrace format"), "ftrace format"));
    }

    private void eventFormats(ByteCursor c) throws DatException {
        long systems = c.u32("event system count");
        for (long s = 0; s < systems; s++) {
            String system = c.cstring("system name");
            long n = c.u32("event count of system " + system);
            for (long e = 0; e < n; e++) {
                f.eventFormats.add(new String[] {system, c.text(c.size64("format of system " + system), "format")});
            }
        }
    }

    /** Version 6's options block, after "options  ": id and size pairs up to id 0. */
    void readV6Options(Reader r) throws DatException, IOException {
        while (true) {
            int id = r.u16("option id");
            if (id == DONE) return;
            int size = (int) r.u32("option " + id + " size");
            byte[] data = r.bytes(size, "option " + id);
            ByteCursor o = new ByteCursor(data, f.bigEndian, "option " + id);
            if (id == BUFFER) {
                // version 6: the instance's data offset and name; at the offset, "flyrecord" and its CPUs' offsets
                long offset = o.u64("buffer offset");
                String name = o.cstring("buffer name");
                Reader at = new Reader(f, offset, "instance " + name);
                String kind = at.fixed(10, "data kind");
                if (kind.startsWith("options")) {
                    readV6Options(at);
                    kind = at.fixed(10, "data kind");
                }
                if (!kind.startsWith("flyrecord")) continue; // a latency instance: no events to read
                List<DatBuffer.CpuData> cpus = new ArrayList<>();
                for (int cpu = 0; cpu < f.cpus; cpu++) {
                    cpus.add(new DatBuffer.CpuData(cpu, at.u64("cpu data offset"), at.u64("cpu data size")));
                }
                f.buffers.add(new DatBuffer(name, f.clock == null ? "local" : f.clock, f.pageSize, List.copyOf(cpus), false));
            } else {
                common(id, o);
            }
        }
    }

    /** A section read and, when flagged compressed, decompressed. */
    record Section(int id, int flags, ByteCursor cursor) {}

    Section section(long offset, String what) throws DatException, IOException {
        byte[] h = f.in.read(offset, 16, "the " + what + " header");
        int id = (int) ByteCursor.number(h, 0, 2, f.bigEndian);
        int flags = (int) ByteCursor.number(h, 2, 2, f.bigEndian);
        long size = ByteCursor.number(h, 8, 8, f.bigEndian);
        if (size < 0 || size > Integer.MAX_VALUE - 16) {
            throw new DatException("the " + what + " at offset " + offset + " says it holds " + Long.toUnsignedString(size)
                    + " bytes");
        }
        String where = "the " + what + " at offset " + offset;
        byte[] data = f.in.read(offset + 16, (int) size, where);
        if ((flags & SECTION_COMPRESSED) != 0) {
            ByteCursor z = new ByteCursor(data, f.bigEndian, where);
            long zsize = z.u32("compressed size");
            long usize = z.u32("uncompressed size");
            if (zsize > z.remaining() || usize > Integer.MAX_VALUE) {
                throw new DatException(where + " says " + zsize + " compressed bytes, " + z.remaining() + " are there");
            }
            data = f.compression.decompress(data, 8, (int) zsize, (int) usize, where);
        }
        return new Section(id, flags, new ByteCursor(data, f.bigEndian, where));
    }

    /** Reads the fields of a version 6 file one after the other, from the file itself. */
    static final class Reader {
        private final DatFile f;
        private final String what;
        private long pos;

        Reader(DatFile f, long start, String what) {
            this.f = f;
            this.pos = start;
            this.what = what;
        }

        byte[] bytes(long n, String field) throws DatException, IOException {
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new DatException(what + ": its " + field + " size " + Long.toUnsignedString(n) + " is not plausible");
            }
            byte[] b = f.in.read(pos, (int) n, what + "'s " + field);
            pos += n;
            return b;
        }

        private long number(int size, String field) throws DatException, IOException {
            return ByteCursor.number(bytes(size, field), 0, size, f.bigEndian);
        }

        int u16(String field) throws DatException, IOException {
            return (int) number(2, field);
        }

        long u32(String field) throws DatException, IOException {
            return number(4, field);
        }

        long u64(String field) throws DatException, IOException {
            return number(8, field);
        }

        String text(long n, String field) throws DatException, IOException {
            byte[] b = bytes(n, field);
            return new ByteCursor(b, f.bigEndian, what).text(b.length, field);
        }

        String fixed(int n, String field) throws DatException, IOException {
            return text(n, field);
        }

        void expect(String tag) throws DatException, IOException {
            byte[] b = bytes(tag.length() + 1, tag + " tag");
            new ByteCursor(b, f.bigEndian, what).expect(tag, tag + " tag");
        }

        String cstring(String field) throws DatException, IOException {
            StringBuilder s = new StringBuilder();
            while (true) {
                byte[] b = bytes(1, field);
                if (b[0] == 0) return s.toString();
                s.append((char) (b[0] & 0xff));
                if (s.length() > 4096) throw new DatException(what + ": its " + field + " has no terminating NUL");
            }
        }
    }
}
