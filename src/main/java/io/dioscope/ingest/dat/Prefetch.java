package io.dioscope.ingest.dat;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead on a thread of its own, a few chunks at most: a trace.dat's rendering then runs
 * beside the parser threads instead of inside the block reader's lock, where it would keep the others
 * waiting for their next block. The stream's failure (an incomplete trace.dat) arrives after its data,
 * as it would without the thread.
 */
final class Prefetch extends InputStream {
    private static final int CHUNK = 256 * 1024;
    private static final Object END = new Object();

    private final InputStream in;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private boolean started;
    private byte[] current = new byte[0];
    private int length;
    private int pos;
    private boolean ended;
    private volatile boolean closed;

    Prefetch(InputStream in, String name) {
        this.in = in;
        this.thread = new Thread(this::run, "dioscope-prefetch " + name);
        thread.setDaemon(true);
    }

    private void run() {
        try {
            while (!closed) {
                byte[] b = new byte[CHUNK];
                int n = in.readNBytes(b, 0, b.length);
                if (n > 0) chunks.put(new Chunk(b, n));
                if (n < b.length) break;
            }
            chunks.put(END);
        } catch (IOException | RuntimeException e) {
            putQuietly(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void putQuietly(Exception e) {
        try {
            chunks.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private record Chunk(byte[] data, int length) {}

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!started) {
            started = true; // on the first read: whoever holds the stream may still set it up before
            thread.start();
        }
        while (pos >= length) {
            if (ended) return -1;
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading " + thread.getName());
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof IOException e) {
                ended = true;
                throw e;
            }
            if (next instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            Chunk c = (Chunk) next;
            current = c.data();
            length = c.length();
            pos = 0;
        }
        int n = Math.min(len, length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        chunks.clear(); // lets the thread put its last chunk and see closed
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
