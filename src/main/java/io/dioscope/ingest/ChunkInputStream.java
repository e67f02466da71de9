package io.dioscope.ingest;

import java.io.IOException;
import java.io.InputStream;

/** A decompressing stream that reads in chunks: its single-byte read is one read of one byte. */
abstract class ChunkInputStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
