package io.dioscope.ingest.dat;

import java.nio.charset.StandardCharsets;

/**
 * Reads the numbers and strings of an in-memory part of a trace.dat (a section, an option) in the
 * file's byte order. Every read checks the bounds and fails with a {@link DatException} that says
 * what was being read and where, so a damaged file yields one sentence, never an index error.
 */
final class ByteCursor {
    private final byte[] b;
    private final int end;
    private final boolean bigEndian;
    /** What the bytes are, for messages: "options section at offset 1234". */
    private final String what;
    private int pos;

    ByteCursor(byte[] b, int start, int end, boolean bigEndian, String what) {
        this.b = b;
        this.pos = start;
        this.end = end;
        this.bigEndian = bigEndian;
        this.what = what;
    }

    ByteCursor(byte[] b, boolean bigEndian, String what) {
        this(b, 0, b.length, bigEndian, what);
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    boolean atEnd() {
        return pos >= end;
    }

    byte[] array() {
        return b;
    }

    private void need(int n, String field) throws DatException {
        if (n < 0 || end - pos < n) {
            throw new DatException(what + " ends inside its " + field + " (" + n + " byte(s) needed at byte "
                    + pos + ", " + Math.max(0, end - pos) + " left)");
        }
    }

    int u16(String field) throws DatException {
        need(2, field);
        int v = (int) number(b, pos, 2, bigEndian);
        pos += 2;
        return v;
    }

    long u32(String field) throws DatException {
        need(4, field);
        long v = number(b, pos, 4, bigEndian);
        pos += 4;
        return v;
    }

    long u64(String field) throws DatException {
        need(8, field);
        long v = number(b, pos, 8, bigEndian);
        pos += 8;
        return v;
    }

    /** A 64-bit size that must fit what is left of these bytes. */
    int size64(String field) throws DatException {
        long n = u64(field + " size");
        if (n < 0 || n > end - pos) {
            throw new DatException(what + ": its " + field + " size " + Long.toUnsignedString(n)
                    + " is more than the " + (end - pos) + " byte(s) left");
        }
        return (int) n;
    }

    /** A 32-bit size that must fit what is left of these bytes. */
    int size32(String field) throws DatException {
        long n = u32(field + " size");
        if (n > end - pos) {
            throw new DatException(what + ": its " + field + " size " + n + " is more than the " + (end - pos)
                    + " byte(s) left");
        }
        return (int) n;
    }

    /** A NUL-terminated string (Latin-1: kernel text is ASCII, nothing is lost). */
    String cstring(String field) throws DatException {
        int z = pos;
        while (z < end && b[z] != 0) z++;
        if (z >= end) throw new DatException(what + ": its " + field + " has no terminating NUL");
        String s = new String(b, pos, z - pos, StandardCharsets.ISO_8859_1);
        pos = z + 1;
        return s;
    }

    /** {@code n} bytes as text (a format file, kallsyms), a trailing NUL dropped. */
    String text(int n, String field) throws DatException {
        need(n, field);
        int len = n;
        while (len > 0 && b[pos + len - 1] == 0) len--;
        String s = new String(b, pos, len, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** Checks that the next bytes are {@code expected} (a NUL-terminated tag such as "header_page"). */
    void expect(String expected, String field) throws DatException {
        byte[] tag = expected.getBytes(StandardCharsets.ISO_8859_1);
        need(tag.length + 1, field);
        for (int i = 0; i < tag.length; i++) {
            if (b[pos + i] != tag[i]) {
                throw new DatException(what + ": expected \"" + expected + "\" at byte " + pos + ", found \""
                        + printable(pos, tag.length) + "\"");
            }
        }
        pos += tag.length;
        if (b[pos] != 0) throw new DatException(what + ": \"" + expected + "\" at byte " + (pos - tag.length)
                + " is not NUL-terminated");
        pos++;
    }

    void skip(int n, String field) throws DatException {
        need(n, field);
        pos += n;
    }

    private String printable(int at, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = at; i < Math.min(end, at + n); i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
        return s.toString();
    }

    /** An unsigned {@code size}-byte number at {@code b[off]} (size 1, 2, 4 or 8). */
    static long number(byte[] b, int off, int size, boolean bigEndian) {
        long v = 0;
        if (bigEndian) {
            for (int i = 0; i < size; i++) v = (v << 8) | (b[off + i] & 0xff);
        } else {
            for (int i = size - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
