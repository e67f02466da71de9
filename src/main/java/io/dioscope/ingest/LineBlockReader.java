package io.dioscope.ingest;

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
 * <p>A stream that fails part-way (a truncated gzip, say) is not an error here: the lines read so
 * far are handed out, and {@link #failure()} tells why the rest is missing, so that the trace is
 * loaded and reported as incomplete rather than rejected.
 */
public final class LineBlockReader implements Closeable {
    public static final int DEFAULT_BLOCK_SIZE = 256 * 1024;

    private final InputStream in;
    private final int blockSize;
    private final LongSupplier inputPosition;
    private byte[] carry = new byte[0];
    private int carryLength;
    private long nextLine = 1;
    private boolean eof;
    private boolean lastLineUnterminated;
    private IOException failure;
    private long bytesRead;

    public LineBlockReader(InputStream in, int blockSize, LongSupplier inputPosition) {
        this.in = in;
        this.blockSize = blockSize;
        this.inputPosition = inputPosition;
    }

    /** The next block, or null at the end of the input (or at the point where reading failed). */
    public synchronized LineBlock next() {
        if (eof && carryLength == 0) return null;
        byte[] buf = new byte[Math.max(blockSize, carryLength * 2)];
        System.arraycopy(carry, 0, buf, 0, carryLength);
        int filled = carryLength;
        carryLength = 0;
        int cut = -1;
        while (!eof) {
            if (filled == buf.length) {
                cut = Ascii.lastNewline(buf, 0, filled);
                if (cut >= 0) break;
                buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than a block
            }
            int n;
            try {
                n = in.read(buf, filled, buf.length - filled);
            } catch (IOException e) {
                failure = e;
                n = -1;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            filled += n;
            bytesRead += n;
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
        LineBlock block = new LineBlock(buf, length, nextLine, inputPosition.getAsLong());
        nextLine += Ascii.countNewlines(buf, 0, length);
        if (lastLineUnterminated && rest == 0) nextLine++;
        return block;
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
