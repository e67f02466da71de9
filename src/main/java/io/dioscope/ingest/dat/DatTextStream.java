package io.dioscope.ingest.dat;

import io.dioscope.bytes.RenderedStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One buffer of a trace.dat as the text {@code trace-cmd report -t} prints for it, produced as it is
 * read: a {@code cpus=N} banner, then one line per record in time order,
 * {@code comm-pid [cpu] seconds.nanoseconds: event: body}, with each event's body rendered from its
 * raw fields by the print format the file itself stores ({@link EventFormat}), and
 * {@code CPU:n [LOST k EVENTS]} where a page says events were lost before it. The function tracer's
 * records print as the kernel's own {@code func <-parent}.
 *
 * <p>The loader parses this text with the very decoders it uses for text traces, so a trace.dat and
 * its report give the same typed columns by construction; a line's number is its record's place in
 * this rendering (line 1 is the banner). What could not be read (a damaged chunk, data beyond the end
 * of a cut file) does not stop the other CPUs: after the last line the stream fails with an
 * {@link IncompleteDatException} that says what is missing, so the trace is loaded and marked incomplete.
 */
public final class DatTextStream extends RenderedStream {
    private static final Pattern ID = Pattern.compile("(?m)^ID:\\s*(\\d+)");
    /** Bytes rendered per refill. */
    private static final int REFILL = 64 * 1024;

    private final DatFile f;
    private final DatBuffer buffer;
    private final RecordReader records;
    private final DatProblems problems;
    private final RecordLayout layout;
    private final Cmdlines cmdlines;
    private final Map<Integer, String[]> formatTexts = new HashMap<>();
    private final Map<Integer, EventFormat> formats = new HashMap<>();
    private final TextOut out = new TextOut();
    private final EventHeader header = new EventHeader();
    private int pos;
    private boolean finished;
    private boolean failed;
    private long recordsRead;
    private boolean positions;

    public DatTextStream(DatFile f, DatBuffer buffer) throws DatException, IOException {
        this.f = f;
        this.buffer = buffer;
        this.problems = new DatProblems();
        this.records = new RecordReader(f, buffer, problems);
        this.layout = new RecordLayout(f.bigEndian, f.kernelLongSize, Kallsyms.parse(f.kallsyms),
                PrintkFormats.parse(f.printk));
        this.cmdlines = new Cmdlines(f.cmdlines);
        for (String text : f.ftraceFormats) index("ftrace", text);
        for (String[] sf : f.eventFormats) index(sf[0], sf[1]);
        out.append("cpus=").appendDecimal(f.cpus > 0 ? f.cpus : buffer.cpus().size()).append((byte) '\n');
    }

    private void index(String system, String text) {
        Matcher m = ID.matcher(text);
        if (m.find()) formatTexts.put(Integer.parseInt(m.group(1)), new String[] {system, text});
    }

    /**
     * Ends each record's line with where the record is in the file, {@code  <CPU 1, page 12, record 3>}
     * (page: the CPU's page number from 0; record: its number on the page), for a reader showing lines to
     * people (a binary file has no lines of its own). Not for loading: the decoders would see it.
     */
    public void showRecordPositions() {
        positions = true;
    }

    /** Records read so far. */
    public long records() {
        return recordsRead;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (pos >= out.length()) {
            if (finished) {
                if (problems.any() && !failed) {
                    failed = true;
                    throw new IncompleteDatException(buffer, problems.summary());
                }
                return -1;
            }
            out.clear();
            pos = 0;
            fill();
        }
        int n = Math.min(len, out.length() - pos);
        System.arraycopy(out.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    private void fill() throws IOException {
        while (out.length() < REFILL) {
            boolean more;
            try {
                more = records.next();
            } catch (RuntimeException e) {
                // a reader bug on bytes it did not expect must cost the rest of the data, not the load
                problems.add("reading stopped after record " + recordsRead + ": internal error " + e);
                more = false;
            }
            if (!more) {
                finished = true;
                return;
            }
            recordsRead++;
            if (records.lostBefore != 0) {
                out.append("CPU:").appendDecimal(records.cpu);
                if (records.lostBefore > 0) out.append(" [LOST ").appendDecimal(records.lostBefore).append(" EVENTS]\n");
                else out.append(" [EVENTS DROPPED]\n");
            }
            int mark = out.length();
            try {
                line();
            } catch (RuntimeException e) {
                out.truncate(mark);
                problems.add("CPU " + records.cpu + ", page " + records.page + ", record " + records.index
                        + ": cannot be rendered (internal error " + e + ")");
            }
        }
    }

    private void line() {
        byte[] b = records.bytes;
        int p = records.payload;
        int len = records.length;
        if (len < header.minimumLength()) {
            problems.add("CPU " + records.cpu + ", page " + records.page + ", record " + records.index + ": "
                    + len + " bytes, too short for an event header");
            return;
        }
        int type = (int) layout.read(b, p + header.typeOffset, header.typeSize, false);
        EventFormat format = format(type);
        int pid = (int) layout.read(b, p + header.pidOffset, header.pidSize, true);
        byte[] comm = cmdlines.comm(pid);
        out.append(comm, 0, comm.length).append((byte) '-').appendDecimal(pid).append(" [");
        int cpu = records.cpu;
        if (cpu < 100) out.append((byte) '0');
        if (cpu < 10) out.append((byte) '0');
        out.appendDecimal(cpu).append("] ");
        long ts = records.ts;
        out.appendUnsignedDecimal(Long.divideUnsigned(ts, 1_000_000_000L)).append((byte) '.');
        long ns = Long.remainderUnsigned(ts, 1_000_000_000L);
        for (long d = 100_000_000L; d > 1 && ns < d; d /= 10) out.append((byte) '0');
        out.appendDecimal(ns).append(": ");
        if (format == null) {
            out.append("[UNKNOWN TYPE ").appendDecimal(type).append("]\n");
            return;
        }
        if (header.isFunction(format)) {
            function(format, b, p, len);
        } else {
            out.append(format.name()).append(": ");
            format.render(b, p, len, layout, out);
        }
        if (positions) {
            out.append("  <CPU ").appendDecimal(records.cpu).append(", page ").appendDecimal(records.page)
                    .append(", record ").appendDecimal(records.index).append((byte) '>');
        }
        out.append((byte) '\n');
    }

    /** The kernel's own text for a function-tracer record: {@code func <-parent}. */
    private void function(EventFormat format, byte[] b, int p, int len) {
        FormatField ip = format.field("ip");
        FormatField parent = format.field("parent_ip");
        out.append(symbol(ip, b, p, len));
        if (parent != null) out.append(" <-").append(symbol(parent, b, p, len));
    }

    private String symbol(FormatField field, byte[] b, int p, int len) {
        if (field == null || field.offset() + field.size() > len) return "[truncated]";
        long addr = layout.read(b, p + field.offset(), field.size(), false);
        String name = layout.symbols().name(addr);
        return name != null ? name : "0x" + Long.toHexString(addr);
    }

    private EventFormat format(int type) {
        EventFormat format = formats.get(type);
        if (format != null || formats.containsKey(type)) return format;
        String[] text = formatTexts.get(type);
        if (text != null) {
            try {
                format = EventFormat.parse(text[0], text[1]);
                header.learn(format);
            } catch (IllegalArgumentException e) {
                problems.add("the format of event type " + type + " (system " + text[0] + ") cannot be read: " + e.getMessage());
                format = null;
            }
        }
        formats.put(type, format);
        return format;
    }

    /** Where the common fields lie (the same for every event of a kernel; learnt from the first format read). */
    private static final class EventHeader {
        int typeOffset = 0;
        int typeSize = 2;
        int pidOffset = 4;
        int pidSize = 4;
        private boolean learnt;

        void learn(EventFormat format) {
            if (learnt) return;
            FormatField t = format.field("common_type");
            FormatField p = format.field("common_pid");
            if (t != null && p != null) {
                typeOffset = t.offset();
                typeSize = t.size();
                pidOffset = p.offset();
                pidSize = p.size();
                learnt = true;
            }
        }

        int minimumLength() {
            return Math.max(typeOffset + typeSize, pidOffset + pidSize);
        }

        boolean isFunction(EventFormat format) {
            return "ftrace".equals(format.system()) && "function".equals(format.name());
        }
    }

    @Override
    public void close() throws IOException {
        f.close();
    }

    /** The stream's end when parts of the buffer could not be read: the message says which. */
    public static final class IncompleteDatException extends IOException {
        IncompleteDatException(DatBuffer buffer, String what) {
            super("trace.dat not read in full" + (buffer.isTop() ? "" : " (" + buffer.label() + ")") + ": " + what);
        }
    }
}
