package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;

/**
 * A line that is about the trace rather than an event in it: a header or comment ({@code # ...}, a
 * blank line), one of trace-cmd's banners ({@code cpus=2}, {@code version = 6}, {@code CPU 0 is empty})
 * or a loss marker ({@code CPU:1 [LOST 12 EVENTS]}, {@code CPU:1 [12 EVENTS DROPPED]},
 * {@code ##### CPU 1 buffer started ####}).
 *
 * <p>This class is the one place such lines are read: {@link LineTokenizer} asks {@link #kind} whether
 * a line is one, and when it is, has {@link #read} take down what it states; {@link ParseStats} only
 * adds those facts up. One per {@link TokenizedLine}, reused: it holds the facts of the last such line.
 */
public final class MetaLine {
    /** A header {@code entries-in-buffer/entries-written: 12/40   #P:2}. */
    boolean entries;
    /**
     * Its two counts as printed: {@link Ascii#NOT_A_NUMBER} when absent or beyond 64 bits, negative
     * when printed so; {@link ParseStats} decides what a count it cannot trust means.
     */
    long entriesInBuffer;
    long entriesWritten;
    /**
     * The CPU count the line states ({@code #P:2} of an entries header, or a banner {@code cpus=2});
     * -1 when it states none that fits 31 bits.
     */
    int cpus;
    /** The value of a {@code # tracer: nop} header; null when the line is no such header. */
    String tracer;

    /** A loss marker's CPU; -1 when it names none that fits 31 bits. */
    int lossCpu;
    /** Events the marker says were lost; -1 when it says no positive count that fits 64 bits. */
    long lossCount;
    /** The marker is {@code ##### CPU n buffer started ####}: that CPU's ring buffer wrapped. */
    boolean wrapped;

    /**
     * {@link LineKind#HEADER} or {@link LineKind#LOSS} when {@code b[i, end)} (a line from its first
     * non-blank byte, without its newline or a CR before it) is such a line; null otherwise.
     */
    static LineKind kind(byte[] b, int i, int end) {
        if (i == end) return LineKind.HEADER;
        if (b[i] == '#') return Ascii.find(b, i, end, BUFFER_STARTED) >= 0 ? LineKind.LOSS : LineKind.HEADER;
        if (isLossMarker(b, i, end)) return LineKind.LOSS;
        if (isBanner(b, i, end)) return LineKind.HEADER;
        return null;
    }

    /**
     * Takes down what the line of that {@code kind} states. {@code end} is the line's end as the file
     * has it, a CR of a CRLF file included (a tracer's name is read up to the next blank).
     */
    void read(LineKind kind, byte[] b, int i, int end) {
        entries = false;
        entriesInBuffer = entriesWritten = Ascii.NOT_A_NUMBER;
        cpus = -1;
        tracer = null;
        lossCpu = -1;
        lossCount = -1;
        wrapped = false;
        if (kind == LineKind.LOSS) {
            readLoss(b, i, end);
        } else {
            readHeader(b, i, end);
        }
    }

    /**
     * A line of the summary blkparse prints after the records: {@code CPU0 (loop0):}, {@code Total
     * (8,0):}, its counters ({@code  Reads Queued: 1, 16KiB ...}, {@code Throughput (R/W): ...},
     * {@code Events (loop0): 5 entries}), the per-process blocks of {@code -s} ({@code fio (1234)}),
     * and {@code Skips: N forward (...)}: N events blkparse found missing by their sequence numbers, a
     * loss when N is not 0. Null for anything else. {@code b[i, end)} starts at the line's first non-blank.
     */
    static LineKind blkparseSummary(byte[] b, int i, int end) {
        if (i >= end || !Ascii.isLetter(b[i])) return null;
        if (Ascii.startsWith(b, i, end, SKIPS)) {
            long n = Ascii.parseDecimal(b, Ascii.skipSpaces(b, i + SKIPS.length, end), end);
            return n == 0 ? LineKind.HEADER : LineKind.LOSS;
        }
        int last = Ascii.skipSpacesBack(b, i, end) - 1;
        boolean label = Ascii.indexOf(b, i, end, (byte) ':') > i; // "Reads Queued:  1, ...", "CPU0 (loop0):"
        boolean process = b[last] == ')' && Ascii.indexOf(b, i, end, (byte) '(') > i; // "fio (1234)"
        return label || process || Ascii.startsWith(b, i, end, INPUT_FILE) ? LineKind.HEADER : null;
    }

    /** The counts ftrace and trace-cmd print in their headers. */
    private void readHeader(byte[] b, int i, int end) {
        int at = Ascii.find(b, i, end, ENTRIES);
        if (at >= 0) {
            entries = true;
            int v = Ascii.skipSpaces(b, at + ENTRIES.length, end);
            entriesInBuffer = Ascii.parseDecimal(b, v, end);
            int slash = Ascii.indexOf(b, v, end, (byte) '/');
            entriesWritten = slash > 0 ? Ascii.parseDecimal(b, slash + 1, end) : Ascii.NOT_A_NUMBER;
            int p = Ascii.find(b, v, end, NPROC);
            if (p >= 0) cpus = smallCount(b, p + NPROC.length, end);
            return;
        }
        at = Ascii.find(b, i, end, TRACER);
        if (at >= 0) {
            int v = Ascii.skipSpaces(b, at + TRACER.length, end);
            tracer = Ascii.text(b, v, Ascii.tokenEnd(b, v, end));
        }
        if (Ascii.startsWith(b, i, end, CPUS_EQ)) cpus = smallCount(b, i + CPUS_EQ.length, end);
    }

    /**
     * A marker always means events are missing: one without a count, or whose count is not a positive
     * number that fits 64 bits ({@code [LOST EVENTS]}, {@code [LOST 18446744073709551616 EVENTS]}), lost
     * an unknown number (-1).
     */
    private void readLoss(byte[] b, int i, int end) {
        int cpuAt = Ascii.find(b, i, end, CPU);
        if (cpuAt >= 0) {
            int c = Ascii.skipSpaces(b, cpuAt + 3 + (cpuAt + 3 < end && b[cpuAt + 3] == ':' ? 1 : 0), end);
            lossCpu = smallCount(b, c, end);
        }
        if (Ascii.startsWith(b, i, end, SKIPS)) {
            long n = Ascii.parseDecimal(b, Ascii.skipSpaces(b, i + SKIPS.length, end), end);
            lossCount = n <= 0 ? -1 : n;
            return;
        }
        int lost = Ascii.find(b, i, end, LOST);
        int bracket = Ascii.indexOf(b, i, end, (byte) '[');
        long count;
        if (lost >= 0) {
            count = Ascii.parseDecimal(b, Ascii.skipSpaces(b, lost + LOST.length, end), end);
        } else if (bracket >= 0 && b[i] != '#') {
            count = Ascii.parseDecimal(b, bracket + 1, end); // "[12 EVENTS DROPPED]"
        } else {
            count = -1; // "##### CPU 1 buffer started ####"
            wrapped = true;
        }
        lossCount = count <= 0 ? -1 : count;
    }

    private static int smallCount(byte[] b, int i, int end) {
        long v = Ascii.parseDecimal(b, i, end);
        return v >= 0 && v <= Integer.MAX_VALUE ? (int) v : -1;
    }

    private static boolean isLossMarker(byte[] b, int i, int end) {
        return Ascii.startsWith(b, i, end, CPU_COLON)
                && (Ascii.find(b, i, end, LOST) >= 0 || Ascii.find(b, i, end, DROPPED) >= 0);
    }

    /** trace-cmd's own lines: {@code cpus=2}, {@code version = 6}, {@code CPU 0 is empty}. */
    private static boolean isBanner(byte[] b, int i, int end) {
        return Ascii.startsWith(b, i, end, CPUS_EQ)
                || Ascii.startsWith(b, i, end, VERSION)
                || (Ascii.startsWith(b, i, end, CPU_SPACE) && Ascii.find(b, i, end, IS_EMPTY) >= 0);
    }

    private static final byte[] SKIPS = "Skips:".getBytes();
    private static final byte[] INPUT_FILE = "Input file ".getBytes();
    private static final byte[] BUFFER_STARTED = "buffer started".getBytes();
    private static final byte[] CPU = "CPU".getBytes();
    private static final byte[] CPU_COLON = "CPU:".getBytes();
    private static final byte[] LOST = "LOST".getBytes();
    private static final byte[] DROPPED = "EVENTS DROPPED".getBytes();
    private static final byte[] CPUS_EQ = "cpus=".getBytes();
    private static final byte[] VERSION = "version =".getBytes();
    private static final byte[] CPU_SPACE = "CPU ".getBytes();
    private static final byte[] IS_EMPTY = "is empty".getBytes();
    private static final byte[] ENTRIES = "entries-in-buffer/entries-written:".getBytes();
    private static final byte[] TRACER = "tracer:".getBytes();
    private static final byte[] NPROC = "#P:".getBytes();
}
