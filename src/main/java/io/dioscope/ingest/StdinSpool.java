package io.dioscope.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standard input, copied to a temporary file as it is read, so that what was loaded from {@code -}
 * can be read again while the process lives: the report's raw lines come from this copy. The load does
 * not wait for the copy, nor the copy for the load: every read is written out as it passes. The file
 * goes when the process exits.
 */
public final class StdinSpool {
    private static Path spool;

    private StdinSpool() {}

    /** The standard input, copying itself to the spool (once per process: {@code -} is read once). */
    static synchronized InputStream open(InputStream stdin) throws IOException {
        Path file = Files.createTempFile("dioscope-stdin-", ".trace");
        file.toFile().deleteOnExit();
        spool = file;
        return new Copying(stdin, Files.newOutputStream(file));
    }

    /** The copy of what was read from the standard input in this process, or null. */
    public static synchronized Path file() {
        return spool;
    }

    /** Passes reads through and writes them to the spool; closing closes both. */
    private static final class Copying extends FilterInputStream {
        private final OutputStream copy;

        Copying(InputStream in, OutputStream copy) {
            super(in);
            this.copy = new java.io.BufferedOutputStream(copy, 1 << 16);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) copy.write(b);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) copy.write(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipped bytes must reach the copy too
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public void close() throws IOException {
            try {
                copy.close();
            } finally {
                in.close();
            }
        }
    }
}
