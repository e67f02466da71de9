package io.dioscope.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output as a PrintWriter that, like any PrintWriter, swallows write errors, but remembers
 * why: {@link #failure} says "No space left on device" where {@code checkError()} only says true.
 */
final class StdoutWriter extends PrintWriter {
    private final CheckedOutputStream stream;

    private StdoutWriter(CheckedOutputStream stream) {
        super(new BufferedWriter(new OutputStreamWriter(stream, Charset.defaultCharset())), true);
        this.stream = stream;
    }

    static StdoutWriter standardOutput() {
        return over(new FileOutputStream(FileDescriptor.out));
    }

    static StdoutWriter over(OutputStream out) {
        return new StdoutWriter(new CheckedOutputStream(out));
    }

    IOException failure() {
        return stream.failure();
    }

    /**
     * Fails (one line, exit 2) when something written to {@code out} was lost: a full disk, a closed
     * pipe, {@code > /dev/full}.
     */
    static void check(PrintWriter out) {
        if (out.checkError()) throw new UserError(failureMessage(out));
    }

    static String failureMessage(PrintWriter out) {
        return "cannot write to standard output" + failureReason(out);
    }

    /** ": the reason" when known, else empty. */
    static String failureReason(PrintWriter out) {
        IOException e = out instanceof StdoutWriter s ? s.failure() : null;
        return e == null ? "" : ": " + IoErrors.reason(e);
    }
}
