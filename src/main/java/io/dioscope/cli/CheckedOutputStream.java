package io.dioscope.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes through and remembers the first write that failed, so that a failure a PrintWriter
 * swallowed (a full disk, a closed pipe) can still be reported with its reason.
 */
final class CheckedOutputStream extends FilterOutputStream {
    private volatile IOException failure;

    CheckedOutputStream(OutputStream out) {
        super(out);
    }

    /** The first failure, or null. */
    IOException failure() {
        return failure;
    }

    private IOException remember(IOException e) {
        if (failure == null) failure = e;
        return e;
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw remember(e);
        }
    }
}
