package io.dioscope.bench;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.LineKind;
import io.dioscope.ingest.LineTokenizer;
import io.dioscope.ingest.TokenizedLine;
import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceFormat;
import io.dioscope.ingest.TraceInputException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a big benchmark input out of a real ftrace text: {@code copies} copies one after another,
 * each shifted in time to start after the previous one ends, and with its inode numbers offset so
 * the copies are different files. An inode is written the way its event writes it, and shifted in
 * that spelling: {@code ino 0x83} (iomap, xfs), {@code ino 83} and {@code ino=83} (hex without 0x,
 * mm_filemap_*), {@code ino=131} (decimal: writeback, kprobes), {@code ino 12} (decimal: ext4).
 * Header lines are kept from the first copy only.
 */
public final class TraceMultiplier {
    /** Inode offset between copies: large enough to never collide with a real inode of the trace. */
    public static final long INODE_STRIDE = 1L << 32;

    private enum Spelling { HEX_0X, HEX_BARE, DECIMAL }

    /** What was written. */
    public record Output(long lines, long events, long bytes, long spanNs) {}

    private TraceMultiplier() {}

    public static Output write(Path source, int copies, Path target) throws IOException, TraceInputException {
        long[] span = timeSpan(source);
        long shiftPerCopy = span[1] - span[0] + 1_000_000L; // the next copy starts 1 ms after the last event
        long[] counts = new long[2]; // lines, events
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 20)) {
            byte[] scratch = new byte[1 << 16];
            for (int copy = 0; copy < copies; copy++) {
                long dt = copy * shiftPerCopy;
                long dino = copy * INODE_STRIDE;
                boolean first = copy == 0;
                eachLine(source, (b, start, end, t) -> {
                    if (isEvent(t)) {
                        out.write(scratch, 0, shift(b, start, end, t, dt, dino, scratch));
                        out.write('\n');
                        counts[1]++;
                    } else if (t.kind != LineKind.HEADER || first) {
                        out.write(b, start, end - start);
                        out.write('\n');
                    }
                    counts[0]++;
                });
            }
        }
        return new Output(counts[0], counts[1], Files.size(target), copies * shiftPerCopy);
    }

    /** First and last timestamp of the trace, ns. */
    private static long[] timeSpan(Path source) throws IOException, TraceInputException {
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        eachLine(source, (b, start, end, t) -> {
            if (isEvent(t)) {
                span[0] = Math.min(span[0], t.ts);
                span[1] = Math.max(span[1], t.ts);
            }
        });
        return span;
    }

    private static boolean isEvent(TokenizedLine t) {
        return t.kind == LineKind.EVENT || t.kind == LineKind.FUNCTION || t.kind == LineKind.BLK;
    }

    private interface LineVisitor {
        void line(byte[] b, int start, int end, TokenizedLine t) throws IOException;
    }

    /** Tokenizes every line of the (possibly compressed) trace and hands it to {@code visitor}. */
    private static void eachLine(Path source, LineVisitor visitor) throws IOException, TraceInputException {
        LineTokenizer tokenizer = new LineTokenizer(TraceFormat.FTRACE);
        TokenizedLine t = new TokenizedLine();
        TraceFile file = TraceFile.open(source);
        try (LineBlockReader reader = new LineBlockReader(file.text(), LineBlockReader.DEFAULT_BLOCK_SIZE, file::position)) {
            LineBlock b;
            while ((b = reader.next()) != null) {
                int pos = 0;
                while (pos < b.length) {
                    int nl = Ascii.indexOf(b.data, pos, b.length, (byte) '\n');
                    int end = nl < 0 ? b.length : nl;
                    tokenizer.tokenize(b.data, pos, end, t);
                    visitor.line(b.data, pos, end, t);
                    pos = end + 1;
                }
            }
        }
    }

    /** The line with its timestamp moved by {@code dt} ns and its inode by {@code dino}, into {@code out}. */
    static int shift(byte[] b, int start, int end, TokenizedLine t, long dt, long dino, byte[] out) {
        int o = 0;
        // the timestamp: the digits just before the event name's colon-space, "4202.105225:"
        int colon = t.kind == LineKind.BLK ? t.bodyStart : t.nameStart;
        int tsEnd = Ascii.skipSpacesBack(b, start, colon) - 1; // the ':' after the timestamp
        int tsStart = tsEnd;
        while (tsStart > start && (Ascii.isDigit(b[tsStart - 1]) || b[tsStart - 1] == '.')) tsStart--;
        System.arraycopy(b, start, out, o, tsStart - start);
        o += tsStart - start;
        int dot = Ascii.indexOf(b, tsStart, tsEnd, (byte) '.');
        int decimals = dot < 0 ? 0 : tsEnd - dot - 1;
        o = writeTimestamp(t.ts + dt, decimals, out, o);
        int from = tsEnd;
        if (t.kind == LineKind.EVENT && dino != 0) {
            int key = inoValue(b, t.bodyStart, t.bodyEnd);
            if (key >= 0) {
                Spelling spelling = spelling(b, t, key);
                System.arraycopy(b, from, out, o, key - from);
                o += key - from;
                int v = key;
                if (spelling == Spelling.HEX_0X && v + 1 < end && b[v] == '0' && b[v + 1] == 'x') v += 2;
                int vEnd = v;
                long ino = 0;
                if (spelling == Spelling.DECIMAL) {
                    while (vEnd < end && Ascii.isDigit(b[vEnd])) ino = ino * 10 + (b[vEnd++] - '0');
                } else {
                    int d;
                    while (vEnd < end && (d = Ascii.hexValue(b[vEnd])) >= 0) {
                        ino = ino * 16 + d;
                        vEnd++;
                    }
                }
                String shifted = spelling == Spelling.DECIMAL ? Long.toString(ino + dino)
                        : (spelling == Spelling.HEX_0X ? "0x" : "") + Long.toHexString(ino + dino);
                byte[] s = shifted.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, out, o, s.length);
                o += s.length;
                from = vEnd;
            }
        }
        System.arraycopy(b, from, out, o, end - from);
        return o + end - from;
    }

    /** How the event prints its inode, whose value starts at {@code v}. */
    private static Spelling spelling(byte[] b, TokenizedLine t, int v) {
        if (startsWith(b, t.nameStart, t.nameEnd, "mm_filemap_")) return Spelling.HEX_BARE;
        if (startsWith(b, t.nameStart, t.nameEnd, "writeback_") || startsWith(b, t.nameStart, t.nameEnd, "folio_wait")
                || startsWith(b, t.nameStart, t.nameEnd, "ext4_")) {
            return Spelling.DECIMAL;
        }
        if (v + 1 < t.bodyEnd && b[v] == '0' && b[v + 1] == 'x') return Spelling.HEX_0X;
        return Spelling.DECIMAL; // kprobes and others print u64 in decimal
    }

    /** Start of the value after "ino " or "ino=" in the body, or -1. */
    private static int inoValue(byte[] b, int start, int end) {
        for (int i = start; i + 4 <= end; i++) {
            if (b[i] == 'i' && b[i + 1] == 'n' && b[i + 2] == 'o' && (b[i + 3] == ' ' || b[i + 3] == '=')
                    && (i == start || b[i - 1] == ' ' || b[i - 1] == '(')) {
                return i + 4;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int start, int end, String prefix) {
        return Ascii.startsWith(b, start, end, prefix.getBytes(StandardCharsets.US_ASCII));
    }

    private static int writeTimestamp(long ns, int decimals, byte[] out, int o) {
        long seconds = ns / 1_000_000_000L;
        long fraction = ns % 1_000_000_000L;
        String s = Long.toString(seconds);
        for (int i = 0; i < s.length(); i++) out[o++] = (byte) s.charAt(i);
        if (decimals == 0) return o;
        out[o++] = '.';
        long scaled = fraction;
        for (int i = decimals; i < 9; i++) scaled /= 10;
        String f = Long.toString(scaled);
        for (int i = f.length(); i < decimals; i++) out[o++] = '0';
        for (int i = 0; i < f.length(); i++) out[o++] = (byte) f.charAt(i);
        return o;
    }
}
