package io.dioscope.ingest.dat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trace.dat opened for reading at offsets: its parts are found through offsets the file states, so
 * it is read by position rather than as a stream. Every read says what it was for, so a file cut short
 * or an offset beyond its end yields one sentence.
 */
final class DatInput implements Closeable {
    private final FileChannel channel;
    private final long size;
    private final AtomicLong bytesRead = new AtomicLong();

    DatInput(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    /** Bytes read so far (for progress). */
    long bytesRead() {
        return bytesRead.get();
    }

    /** {@code n} bytes at {@code offset}; fails when the file does not hold them all. */
    byte[] read(long offset, int n, String what) throws DatException, IOException {
        if (offset < 0 || n < 0 || offset > size || size - offset < n) {
            throw new DatException(what + " at offset " + Long.toUnsignedString(offset) + " (" + n
                    + " bytes) is beyond the end of the file (" + size + " bytes)");
        }
        byte[] b = new byte[n];
        readInto(offset, b, 0, n);
        return b;
    }

    /** Reads up to {@code n} bytes at {@code offset} into {@code b[off]}, fewer at the end of the file; returns how many. */
    int readInto(long offset, byte[] b, int off, int n) throws IOException {
        int want = (int) Math.max(0, Math.min(n, size - offset));
        ByteBuffer buf = ByteBuffer.wrap(b, off, want);
        long at = offset;
        while (buf.hasRemaining()) {
            int r = channel.read(buf, at);
            if (r < 0) break;
            at += r;
        }
        int got = (int) (at - offset);
        bytesRead.addAndGet(got);
        return got;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
