package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;
import java.nio.file.Path;

/**
 * Decides which text format a trace is in from its first lines: trace-cmd announces itself with
 * {@code cpus=N}, ftrace with {@code # tracer:}; otherwise (trace_pipe output, trimmed files) each
 * dialect tokenizes a sample and the one that reads the most lines wins. A file no dialect can read
 * is refused with the first line that failed.
 */
public final class FormatDetector {
    private static final int SAMPLE_LINES = 200;

    private FormatDetector() {}

    public static TraceFormat detect(Path path, LineBlock first) throws TraceInputException {
        byte[] b = first.data;
        int end = first.length;
        for (int i = 0; i < Math.min(end, 4096); i++) {
            if (b[i] == 0) throw new TraceInputException(path + ": is a binary file, not a text trace");
        }
        TraceFormat hint = null;
        int[] parsed = new int[TraceFormat.values().length];
        TokenizedLine t = new TokenizedLine();
        LineTokenizer[] tokenizers = new LineTokenizer[TraceFormat.values().length];
        for (TraceFormat f : TraceFormat.values()) tokenizers[f.ordinal()] = new LineTokenizer(f);
        int sampled = 0;
        long firstDataLine = -1;
        String firstDataText = null;
        int lineStart = 0;
        long line = first.firstLine;
        while (lineStart < end && sampled < SAMPLE_LINES) {
            int nl = Ascii.indexOf(b, lineStart, end, (byte) '\n');
            int lineEnd = nl < 0 ? end : nl;
            int s = Ascii.skipSpaces(b, lineStart, lineEnd);
            if (hint == null && Ascii.startsWith(b, s, lineEnd, CPUS)) hint = TraceFormat.TRACE_CMD;
            if (hint == null && Ascii.startsWith(b, s, lineEnd, TRACER)) hint = TraceFormat.FTRACE;
            // perf's call-chain frames say nothing about the format of the lines they are under: not sampled
            tokenizers[TraceFormat.PERF_SCRIPT.ordinal()].tokenize(b, lineStart, lineEnd, t);
            boolean frame = t.kind == LineKind.CALL_FRAME;
            tokenizers[0].tokenize(b, lineStart, lineEnd, t);
            if (!frame && t.kind != LineKind.HEADER && t.kind != LineKind.LOSS) {
                sampled++;
                if (firstDataLine < 0) {
                    firstDataLine = line;
                    firstDataText = Ascii.text(b, s, Math.min(lineEnd, s + 120));
                }
                for (TraceFormat f : TraceFormat.values()) {
                    tokenizers[f.ordinal()].tokenize(b, lineStart, lineEnd, t);
                    if (t.kind == LineKind.EVENT || t.kind == LineKind.FUNCTION || t.kind == LineKind.BLK) {
                        parsed[f.ordinal()]++;
                    }
                }
            }
            lineStart = lineEnd + 1;
            line++;
        }
        if (sampled == 0) return hint != null ? hint : TraceFormat.FTRACE; // an empty trace: headers only
        TraceFormat best = hint != null ? hint : TraceFormat.FTRACE;
        for (TraceFormat f : TraceFormat.values()) {
            if (parsed[f.ordinal()] > parsed[best.ordinal()]) best = f;
        }
        if (parsed[best.ordinal()] == 0) {
            throw new TraceInputException(path + ":" + firstDataLine + ": not a kernel trace (expected "
                    + "'task-pid [cpu] timestamp: event: body'), found: " + firstDataText);
        }
        return best;
    }

    private static final byte[] CPUS = "cpus=".getBytes();
    private static final byte[] TRACER = "# tracer:".getBytes();
}
