package io.dioscope.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What one trace's text said about itself, besides its events: the header's buffer counts, lost
 * events, lines that could not be parsed. Shared by the parser threads of one load; the rare updates
 * are synchronised, the per-line counts are merged by each thread at the end.
 */
public final class ParseStats {
    public static final int KEPT_PROBLEMS = 100;

    private long entriesInBuffer = -1;
    private long entriesWritten = -1;
    private String tracer;
    private int cpus = -1;
    private final List<TraceLoss> losses = new ArrayList<>();
    private final List<ParseProblem> problems = new ArrayList<>();
    private long unparsed;
    private long headerLines;
    private long events;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;

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
            if (inBuffer != Ascii.NOT_A_NUMBER && slash > 0) {
                entriesInBuffer = inBuffer;
                entriesWritten = Ascii.parseDecimal(b, slash + 1, end);
            }
            int p = Ascii.find(b, v, end, NPROC);
            if (p >= 0) cpus = (int) Ascii.parseDecimal(b, p + NPROC.length, end);
            return;
        }
        at = Ascii.find(b, i, end, TRACER);
        if (at >= 0 && tracer == null) {
            int v = Ascii.skipSpaces(b, at + TRACER.length, end);
            tracer = Ascii.text(b, v, Ascii.tokenEnd(b, v, end));
            return;
        }
        if (Ascii.startsWith(b, i, end, CPUS)) cpus = (int) Ascii.parseDecimal(b, i + CPUS.length, end);
    }

    /** {@code CPU:1 [LOST 12 EVENTS]}, {@code CPU:1 [12 EVENTS DROPPED]}, {@code ##### CPU 1 buffer started ####}. */
    public synchronized void loss(long line, byte[] b, int start, int end) {
        int i = Ascii.skipSpaces(b, start, end);
        int cpuAt = Ascii.find(b, i, end, "CPU".getBytes());
        int c = Ascii.skipSpaces(b, cpuAt + 3 + (cpuAt + 3 < end && b[cpuAt + 3] == ':' ? 1 : 0), end);
        int cpu = (int) Ascii.parseDecimal(b, c, end);
        long count = -1;
        int lost = Ascii.find(b, i, end, LOST);
        int bracket = Ascii.indexOf(b, i, end, (byte) '[');
        if (lost >= 0) {
            count = Ascii.parseDecimal(b, Ascii.skipSpaces(b, lost + LOST.length, end), end);
        } else if (bracket >= 0 && b[i] != '#') {
            count = Ascii.parseDecimal(b, bracket + 1, end); // "[12 EVENTS DROPPED]"
        }
        losses.add(new TraceLoss(line, cpu, count == Ascii.NOT_A_NUMBER ? -1 : count));
    }

    public synchronized void unparsed(long line, byte[] b, int start, int end, String reason) {
        unparsed++;
        if (problems.size() < KEPT_PROBLEMS) {
            int shown = Math.min(end, start + 300);
            problems.add(new ParseProblem(line, Ascii.text(b, start, shown), reason));
        }
    }

    /** Merges one parser thread's counts. */
    public synchronized void addEvents(long count, long minTs, long maxTs) {
        events += count;
        if (count > 0) {
            firstTs = Math.min(firstTs, minTs);
            lastTs = Math.max(lastTs, maxTs);
        }
    }

    public synchronized long entriesInBuffer() {
        return entriesInBuffer;
    }

    public synchronized long entriesWritten() {
        return entriesWritten;
    }

    /** Events the ring buffer overwrote before the trace was read (ftrace header: written minus in buffer). */
    public synchronized long overwritten() {
        return entriesInBuffer >= 0 && entriesWritten > entriesInBuffer ? entriesWritten - entriesInBuffer : 0;
    }

    /** Events the trace's own markers say were lost ({@code [LOST n EVENTS]}). */
    public synchronized long lostByMarkers() {
        long n = 0;
        for (TraceLoss l : losses) n += Math.max(l.count(), 0);
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
