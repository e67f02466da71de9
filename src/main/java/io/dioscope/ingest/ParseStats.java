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
    private long callChainFrames;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;

    /**
     * The count that stands for "more than none, how many unknown" in {@link #overwritten()} and
     * {@link #lostByMarkers()}: a count the trace printed that does not fit 64 bits (or is not a
     * positive number). Sums saturate at it, so it never wraps into a small or negative number.
     */
    public static final long UNKNOWN_COUNT = Long.MAX_VALUE;

    /** A header or comment line: adds up the counts ftrace and trace-cmd print there. */
    public synchronized void header(MetaLine m) {
        headerLines++;
        if (m.entries) {
            if (m.entriesInBuffer < 0 || m.entriesWritten < 0) {
                // NOT_A_NUMBER (absent, or beyond 64 bits) or negative: the header says something was
                // written, but not a count that can be trusted
                overwrittenUnknown = true;
            } else {
                entriesInBuffer = saturatedAdd(Math.max(entriesInBuffer, 0), m.entriesInBuffer);
                entriesWritten = saturatedAdd(Math.max(entriesWritten, 0), m.entriesWritten);
                if (m.entriesWritten > m.entriesInBuffer) {
                    overwritten = saturatedAdd(overwritten, m.entriesWritten - m.entriesInBuffer);
                }
            }
            if (m.cpus >= 0) cpus = m.cpus;
            return;
        }
        if (m.tracer != null && tracer == null) {
            tracer = m.tracer; // the first header naming a tracer
            return;
        }
        if (m.cpus >= 0) cpus = m.cpus;
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? UNKNOWN_COUNT : s; // both are non-negative: a negative sum is an overflow
    }

    /** A loss marker at line {@code line} (see {@link TraceLoss} for what its fields mean). */
    public synchronized void loss(long line, MetaLine m) {
        losses.add(new TraceLoss(line, m.lossCpu, m.lossCount, m.wrapped));
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

    /** Merges one parser thread's count of call-chain frames kept (rows of event_callchains). */
    public synchronized void addCallChainFrames(long count) {
        callChainFrames += count;
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

    /** Lines that are call-chain frames kept under their event (frames that could not be kept are unparsed). */
    public synchronized long callChainFrames() {
        return callChainFrames;
    }

    public synchronized long firstTs() {
        return events == 0 ? -1 : firstTs;
    }

    public synchronized long lastTs() {
        return events == 0 ? -1 : lastTs;
    }
}
