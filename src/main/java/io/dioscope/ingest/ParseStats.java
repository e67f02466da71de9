package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;
import java.util.ArrayList;
import java.util.List;

/**
 * What one trace's text said about itself, besides its events: the header's buffer counts, lost
 * events, lines that could not be parsed. Shared by the parser threads of one load; the rare updates
 * are synchronised, the per-line counts are merged by each thread at the end.
 */
public final class ParseStats {
    public static final int KEPT_PROBLEMS = 100;

    /** Sums over every {@code entries-in-buffer/entries-written} header (a file of concatenated dumps has several). */
    private long entriesInBuffer = -1;
    private long entriesWritten = -1;
    private long overwritten;
    /** A header whose counts could not be read (not numbers, or beyond 64 bits): events overwritten, how many unknown. */
    private boolean overwrittenUnknown;
    private String tracer;
    private int cpus = -1;
    private final List<TraceLoss> losses = new ArrayList<>();
    private final List<ParseProblem> problems = new ArrayList<>();
    private long unparsed;
    private long headerLines;
    private long events;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;

    /**
     * The count that stands for "more than none, how many unknown" in {@link #overwritten()} and
     * {@link #lostByMarkers()}: a count the trace printed that does not fit 64 bits (or is not a
     * positive number). Sums saturate at it, so it never wraps into a small or negative number.
     */
    public static final long UNKNOWN_COUNT = Long.MAX_VALUE;

    private static final byte[] ENTRIES = "entries-in-buffer/entries-written:".getBytes();
    private static final byte[] TRACER = "tracer:".getBytes();
    private static final byte[] NPROC = "#P:".getBytes();
    private static final byte[] CPUS = "cpus=".getBytes();
    private static final byte[] LOST = "LOST".getBytes();

    /** A header or comment line; reads the counts ftrace and trace-cmd print there. */
    public synchronized void header(byte[] b, int start, int end) {
        headerLines++;
        int i = Ascii.skipSpaces(b, start, end);
        int at = Ascii.find(b, i, end, ENTRIES);
        if (at >= 0) {
            int v = Ascii.skipSpaces(b, at + ENTRIES.length, end);
            long inBuffer = Ascii.parseDecimal(b, v, end);
            int slash = Ascii.indexOf(b, v, end, (byte) '/');
            long written = slash > 0 ? Ascii.parseDecimal(b, slash + 1, end) : Ascii.NOT_A_NUMBER;
            if (inBuffer < 0 || written < 0) {
                // NOT_A_NUMBER (absent, or beyond 64 bits) or negative: the header says something was
                // written, but not a count that can be trusted
                overwrittenUnknown = true;
            } else {
                entriesInBuffer = saturatedAdd(Math.max(entriesInBuffer, 0), inBuffer);
                entriesWritten = saturatedAdd(Math.max(entriesWritten, 0), written);
                if (written > inBuffer) overwritten = saturatedAdd(overwritten, written - inBuffer);
            }
            int p = Ascii.find(b, v, end, NPROC);
            if (p >= 0) cpus = smallCount(b, p + NPROC.length, end, cpus);
            return;
        }
        at = Ascii.find(b, i, end, TRACER);
        if (at >= 0 && tracer == null) {
            int v = Ascii.skipSpaces(b, at + TRACER.length, end);
            tracer = Ascii.text(b, v, Ascii.tokenEnd(b, v, end));
            return;
        }
        if (Ascii.startsWith(b, i, end, CPUS)) cpus = smallCount(b, i + CPUS.length, end, cpus);
    }

    private static int smallCount(byte[] b, int i, int end, int otherwise) {
        long v = Ascii.parseDecimal(b, i, end);
        return v >= 0 && v <= Integer.MAX_VALUE ? (int) v : otherwise;
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? UNKNOWN_COUNT : s; // both are non-negative: a negative sum is an overflow
    }

    /**
     * {@code CPU:1 [LOST 12 EVENTS]}, {@code CPU:1 [12 EVENTS DROPPED]}, {@code ##### CPU 1 buffer started ####}.
     * A marker always means events are missing: one without a count, or whose count is not a positive
     * number that fits 64 bits ({@code [LOST EVENTS]}, {@code [LOST 18446744073709551616 EVENTS]}), lost
     * an unknown number (-1).
     */
    public synchronized void loss(long line, byte[] b, int start, int end) {
        int i = Ascii.skipSpaces(b, start, end);
        int cpuAt = Ascii.find(b, i, end, "CPU".getBytes());
        int cpu = -1;
        if (cpuAt >= 0) {
            int c = Ascii.skipSpaces(b, cpuAt + 3 + (cpuAt + 3 < end && b[cpuAt + 3] == ':' ? 1 : 0), end);
            cpu = smallCount(b, c, end, -1);
        }
        int lost = Ascii.find(b, i, end, LOST);
        int bracket = Ascii.indexOf(b, i, end, (byte) '[');
        long count;
        boolean wrapped = false;
        if (lost >= 0) {
            count = Ascii.parseDecimal(b, Ascii.skipSpaces(b, lost + LOST.length, end), end);
        } else if (bracket >= 0 && b[i] != '#') {
            count = Ascii.parseDecimal(b, bracket + 1, end); // "[12 EVENTS DROPPED]"
        } else {
            count = -1; // "##### CPU 1 buffer started ####"
            wrapped = true;
        }
        losses.add(new TraceLoss(line, cpu, count <= 0 ? -1 : count, wrapped));
    }

    public synchronized void unparsed(long line, byte[] b, int start, int end, String reason) {
        unparsed++;
        if (problems.size() < KEPT_PROBLEMS) {
            int shown = Math.min(end, start + 300);
            problems.add(new ParseProblem(line, printable(Ascii.text(b, start, shown)), reason));
        }
    }

    /** Control characters (a NUL of a binary file) shown as U+FFFD, so that the text is safe to store and print. */
    private static String printable(String s) {
        StringBuilder out = null;
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                if (out == null) out = new StringBuilder(s.length()).append(s, 0, k);
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(ch);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Merges one parser thread's counts. */
    public synchronized void addEvents(long count, long minTs, long maxTs) {
        events += count;
        if (count > 0) {
            firstTs = Math.min(firstTs, minTs);
            lastTs = Math.max(lastTs, maxTs);
        }
    }

    /** Sum of the headers' entries-in-buffer; -1 (NULL) when none, or when one could not be read. */
    public synchronized long entriesInBuffer() {
        return overwrittenUnknown ? -1 : entriesInBuffer;
    }

    /** Sum of the headers' entries-written; -1 (NULL) when none, or when one could not be read. */
    public synchronized long entriesWritten() {
        return overwrittenUnknown ? -1 : entriesWritten;
    }

    /**
     * Events the ring buffer overwrote before the trace was read (ftrace header: written minus in buffer,
     * summed over every header of the file); {@link #UNKNOWN_COUNT} when a header's counts could not be read.
     */
    public synchronized long overwritten() {
        return overwrittenUnknown ? UNKNOWN_COUNT : overwritten;
    }

    /**
     * Events the trace's own markers say were lost ({@code [LOST n EVENTS]}), summed;
     * {@link #UNKNOWN_COUNT} when a marker's count is unknown.
     */
    public synchronized long lostByMarkers() {
        long n = 0;
        for (TraceLoss l : losses) {
            if (l.wrapped()) continue;
            if (l.count() < 0) return UNKNOWN_COUNT;
            n = saturatedAdd(n, l.count());
        }
        return n;
    }

    /** {@code ##### CPU n buffer started ####} markers. */
    public synchronized int bufferWraps() {
        int n = 0;
        for (TraceLoss l : losses) {
            if (l.wrapped()) n++;
        }
        return n;
    }

    public synchronized String tracer() {
        return tracer;
    }

    public synchronized int cpus() {
        return cpus;
    }

    public synchronized List<TraceLoss> losses() {
        return List.copyOf(losses);
    }

    public synchronized List<ParseProblem> problems() {
        return List.copyOf(problems);
    }

    public synchronized long unparsedLines() {
        return unparsed;
    }

    public synchronized long headerLines() {
        return headerLines;
    }

    public synchronized long events() {
        return events;
    }

    public synchronized long firstTs() {
        return events == 0 ? -1 : firstTs;
    }

    public synchronized long lastTs() {
        return events == 0 ? -1 : lastTs;
    }
}
