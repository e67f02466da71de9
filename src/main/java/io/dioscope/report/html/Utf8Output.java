package io.dioscope.report.html;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The page written as UTF-8 bytes, for jsoup to serialize into: a finding section arrives as one string of
 * markup (thousands of them, megabytes in all), which is copied to the file in one step. Through a Writer
 * each was first widened into the writer's chars and then encoded back into bytes, 8 KB at a time: most of
 * the time of writing the page, which is the last thing a report does, on one thread.
 */
final class Utf8Output implements Appendable, AutoCloseable {
    /** Strings at least this long are encoded on their own; shorter pieces are gathered first. */
    private static final int DIRECT = 256;
    /** Chars gathered from shorter pieces before they are encoded together. */
    private static final int GATHERED = 8192;

    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder();

    Utf8Output(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 20);
    }

    @Override
    public Utf8Output append(CharSequence s) throws IOException {
        CharSequence text = s == null ? "null" : s;
        if (text.length() < DIRECT) {
            pending.append(text);
            if (pending.length() >= GATHERED) flushPending();
            return this;
        }
        flushPending();
        if (pending.length() > 0) {
            // a high surrogate waits for its pair, which begins this string
            pending.append(text);
            flushPending();
            return this;
        }
        String whole = text.toString();
        int upTo = Character.isHighSurrogate(whole.charAt(whole.length() - 1)) ? whole.length() - 1 : whole.length();
        // a String's own encoder: an ASCII one is copied as it is
        out.write((upTo == whole.length() ? whole : whole.substring(0, upTo)).getBytes(StandardCharsets.UTF_8));
        pending.append(whole, upTo, whole.length());
        return this;
    }

    @Override
    public Utf8Output append(CharSequence s, int start, int end) throws IOException {
        return append((s == null ? "null" : s).subSequence(start, end));
    }

    @Override
    public Utf8Output append(char c) throws IOException {
        pending.append(c);
        if (pending.length() >= GATHERED) flushPending();
        return this;
    }

    /** Encodes what was gathered, but for a high surrogate at its end, which waits for its pair. */
    private void flushPending() throws IOException {
        int n = pending.length();
        if (n == 0) return;
        int upTo = Character.isHighSurrogate(pending.charAt(n - 1)) ? n - 1 : n;
        out.write(pending.substring(0, upTo).getBytes(StandardCharsets.UTF_8));
        pending.delete(0, upTo);
    }

    @Override
    public void close() throws IOException {
        try {
            // a lone high surrogate left at the end is encoded as UTF-8 encodes it (as '?')
            out.write(pending.toString().getBytes(StandardCharsets.UTF_8));
            pending.setLength(0);
        } finally {
            out.close();
        }
    }
}
