package io.dioscope.ingest;

import io.dioscope.bytes.Ascii;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Cuts a (decompressed) trace stream into {@link LineBlock}s of whole lines. Thread-safe: parser
 * threads take the next block when they finish one, so reading and decompressing one block overlaps
 * with parsing the previous ones.
 *
 * <p>A line longer than the maximum ({@link #DEFAULT_MAX_LINE_BYTES} unless told otherwise) that does
 * not fit a block is skipped as it is read, never buffered whole, and reported to an
 * {@link OverlongLines}; a shorter one is handed out and its parser skips it. Memory stays bounded
 * whatever the input, {@code /dev/zero} included.
 *
 * <p>A block never ends just before a line that starts with a tab: in {@code perf script} output such a
 * line is a call-chain frame ({@link CallChainFrame}), and keeping every frame in the block of the event
 * above it lets each parser thread give a frame its event without asking the others. To keep a long
 * chain whole a block grows past the block size, up to {@link #maxChainBytes()} (1 MiB by default, some
 * 190 times the longest event with its 127 frames, perf's default limit, in the captured trace); a
 * longer chain is cut there, and the next block says whose chain it starts inside
 * ({@link LineBlock#callChainOf}). No other format starts a line with a tab, so for them this changes
 * nothing but where a block ends.
 *
 * <p>A stream that fails part-way (a truncated gzip, say) is not an error here: the lines read so
 * far are handed out, and {@link #failure()} tells why the rest is missing, so that the trace is
 * loaded and reported as incomplete rather than rejected.
 */
public final class LineBlockReader implements Closeable {
    public static final int DEFAULT_BLOCK_SIZE = 256 * 1024;
    /** Lines longer than this are skipped by default: a kernel event line is a few hundred bytes. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /**
     * A line longer than this stops the read (the input is endless, {@code /dev/zero}, or not text): what
     * came before it is loaded and the trace is marked truncated.
     */
    public static final long MAX_SKIPPED_LINE_BYTES = 1L << 30;
    /** How far a block grows to keep an event with its call chain, by default. */
    public static final int DEFAULT_MAX_CHAIN_BYTES = 1 << 20;

    /** Told about each line longer than the maximum, which is skipped without being buffered. */
    @FunctionalInterface
    public interface OverlongLines {
        /** {@code head[0, headLength)}: the line's first bytes; {@code length}: its bytes, at least. */
        void skipped(long line, byte[] head, int headLength, long length);
    }

    private final InputStream in;
    private final int blockSize;
    private final int maxLineBytes;
    private final int maxChainBytes;
    private final LongSupplier inputPosition;
    private final OverlongLines overlong;
    private byte[] carry = new byte[0];
    private int carryLength;
    private long nextLine = 1;
    /** The line whose call chain the carried bytes start inside (a chain cut at the maximum), else 0. */
    private long carryCallChainOf;
    private boolean eof;
    private boolean lastLineUnterminated;
    private IOException failure;
    private long bytesRead;
    private long skippedLines;
    /** The last block's bytes, handed out again by the next block when the reader reuses them ({@link #reusingBlocks}). */
    private byte[] spare;
    private boolean reuseBlocks;

    public LineBlockReader(InputStream in, int blockSize, LongSupplier inputPosition) {
        this(in, blockSize, DEFAULT_MAX_LINE_BYTES, inputPosition, (line, head, n, length) -> { });
    }

    /**
     * @param maxLineBytes lines longer than this are not handed out: {@code overlong} hears of each, and
     *                     the line numbers of the lines after it stay right
     */
    public LineBlockReader(InputStream in, int blockSize, int maxLineBytes, LongSupplier inputPosition,
            OverlongLines overlong) {
        this(in, blockSize, maxLineBytes, DEFAULT_MAX_CHAIN_BYTES, inputPosition, overlong);
    }

    /**
     * @param maxChainBytes how far a block may grow to keep an event with its call chain; a longer chain is
     *                      cut (its frames past the cut are the next block's, which says whose they are)
     */
    public LineBlockReader(InputStream in, int blockSize, int maxLineBytes, int maxChainBytes,
            LongSupplier inputPosition, OverlongLines overlong) {
        this.in = in;
        this.blockSize = blockSize;
        this.maxLineBytes = maxLineBytes;
        this.maxChainBytes = Math.max(blockSize, maxChainBytes);
        this.inputPosition = inputPosition;
        this.overlong = overlong;
    }

    /**
     * Makes each block reuse the bytes of the one before when they are big enough: for a reader that is
     * done with a block before it asks for the next (reading a trace's lines back, where every block of a
     * 91 MB text would otherwise be fresh memory), never for blocks handed to other threads.
     */
    public LineBlockReader reusingBlocks() {
        reuseBlocks = true;
        return this;
    }

    /** The most bytes an event with its call chain is kept together in one block: at least the block size. */
    public int maxChainBytes() {
        return maxChainBytes;
    }

    /** The next block, or null at the end of the input (or at the point where reading failed). */
    public synchronized LineBlock next() {
        if (eof && carryLength == 0) return null;
        int size = Math.max(blockSize, carryLength * 2);
        byte[] buf = spare != null && spare.length >= size ? spare : new byte[size];
        spare = null;
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int filled = carryLength;
        carryLength = 0;
        long callChainOf = carryCallChainOf;
        carryCallChainOf = 0;
        int cut = -1;
        while (!eof) {
            if (filled == buf.length) {
                cut = lastCut(buf, filled);
                if (cut >= 0) break;
                int newline = Ascii.lastNewline(buf, 0, filled);
                if (newline < 0) {
                    // one line fills the buffer: it starts at buf[0]
                    if (filled <= maxLineBytes) {
                        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxLineBytes + 1));
                    } else {
                        filled = skipLine(buf, filled);
                        continue;
                    }
                } else if (buf.length < maxChainBytes) {
                    // every line after the first is a call-chain frame, or the buffer ends at a newline and
                    // the next line's first byte is not read yet: read on rather than cut a chain
                    buf = Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, maxChainBytes));
                } else {
                    // the chain is longer than a block may grow: keep the lines within its first maxChainBytes
                    int within = Ascii.lastNewline(buf, 0, maxChainBytes);
                    cut = within >= 0 ? within : newline;
                    carryCallChainOf = chainOwner(buf, cut, callChainOf);
                    break;
                }
            }
            int n = read(buf, filled, buf.length - filled);
            if (n < 0) break;
            filled += n;
        }
        if (eof) {
            cut = filled - 1;
            if (filled > 0 && buf[filled - 1] != '\n') lastLineUnterminated = true;
        }
        if (filled == 0) return null;
        int length = cut + 1;
        int rest = filled - length;
        if (rest > 0) {
            if (carry.length < rest) carry = new byte[Math.max(rest, blockSize)];
            System.arraycopy(buf, length, carry, 0, rest);
            carryLength = rest;
        }
        LineBlock block = new LineBlock(buf, length, nextLine, inputPosition.getAsLong(), callChainOf);
        if (reuseBlocks) spare = buf;
        nextLine += Ascii.countNewlines(buf, 0, length);
        if (lastLineUnterminated && rest == 0) nextLine++;
        return block;
    }

    /**
     * The last newline of {@code buf[0, filled)} that a block may end at: one followed by a line that has
     * begun and does not start with a tab (a call-chain frame stays with the lines above it); -1 if none.
     */
    private static int lastCut(byte[] buf, int filled) {
        for (int i = filled - 2; i >= 0; i--) {
            if (buf[i] == '\n' && buf[i + 1] != '\t') return i;
        }
        return -1;
    }

    /**
     * The line whose call chain is cut after {@code buf[cut]}: the last line at or before it that does not
     * start with a tab, or, when the block is all frames, the line whose chain it already continued.
     */
    private long chainOwner(byte[] buf, int cut, long blockCallChainOf) {
        for (int p = cut; p >= 0; p--) {
            if ((p == 0 || buf[p - 1] == '\n') && buf[p] != '\t') return nextLine + Ascii.countNewlines(buf, 0, p);
        }
        return blockCallChainOf;
    }

    private int read(byte[] buf, int off, int len) {
        int n;
        try {
            n = in.read(buf, off, len);
        } catch (IOException e) {
            failure = e;
            n = -1;
        }
        if (n < 0) {
            eof = true;
            return -1;
        }
        bytesRead += n;
        return n;
    }

    /**
     * Skips the line that starts at {@code buf[0]} and fills it, reading (into the same buffer) up to its
     * newline; what follows the newline is moved to the front. Returns the bytes now in the buffer.
     */
    private int skipLine(byte[] buf, int filled) {
        long line = nextLine;
        byte[] head = Arrays.copyOf(buf, Math.min(filled, 300));
        long length = filled;
        int after = -1;
        int n = 0;
        while (after < 0) {
            if (length > MAX_SKIPPED_LINE_BYTES) {
                failure = new IOException("line " + line + " is longer than " + MAX_SKIPPED_LINE_BYTES
                        + " bytes (not a text trace, or an endless input); reading stopped there");
                eof = true;
                overlong.skipped(line, head, head.length, length);
                skippedLines++;
                nextLine++;
                return 0;
            }
            n = read(buf, 0, buf.length);
            if (n < 0) {
                // the input ends inside the over-long line
                lastLineUnterminated = true;
                overlong.skipped(line, head, head.length, length);
                skippedLines++;
                nextLine++;
                return 0;
            }
            int nl = Ascii.indexOf(buf, 0, n, (byte) '\n');
            if (nl >= 0) {
                after = nl + 1;
                length += nl;
            } else {
                length += n;
            }
        }
        overlong.skipped(line, head, head.length, length);
        skippedLines++;
        nextLine++;
        System.arraycopy(buf, after, buf, 0, n - after);
        return n - after;
    }

    /** Lines skipped because they were longer than the maximum (each also counted in {@link #linesRead()}). */
    public synchronized long skippedLines() {
        return skippedLines;
    }

    /** Lines handed out so far. */
    public synchronized long linesRead() {
        return nextLine - 1;
    }

    public synchronized long bytesRead() {
        return bytesRead;
    }

    /** True when the input's last line has no terminating newline (often: the file was cut short). */
    public synchronized boolean lastLineUnterminated() {
        return lastLineUnterminated;
    }

    /** Why reading stopped early, or null when the input was read to its end. */
    public synchronized IOException failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
