package io.dioscope.bytes;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose bytes are made as they are read, a block at a time (a binary trace rendered as the
 * text its own tool prints): subclasses give {@link #read(byte[], int, int)}, and a single byte is
 * read through it.
 */
public abstract class RenderedStream extends InputStream {
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
