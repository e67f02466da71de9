package io.dioscope.ingest.dat;

/**
 * The bytes of one record being rendered, and what went wrong reading them. Reading never throws: a
 * field that does not fit in the record reads as 0 and leaves a mark ({@link #problem()}) that the
 * conversion printing the value writes instead of it.
 */
final class Payload {
    static final String TRUNCATED = "[truncated]";
    static final String BAD_LOC = "[bad data_loc]";
    static final String DIVISION_BY_ZERO = "[division by zero]";

    final byte[] b;
    final int off;
    final int len;
    final RecordLayout layout;
    private String problem;

    Payload(byte[] b, int off, int len, RecordLayout layout) {
        this.b = b;
        // the caller's window is trusted only as far as the array goes
        int start = Math.max(0, Math.min(off, b.length));
        this.off = start;
        this.len = Math.max(0, Math.min(len, b.length - start));
        this.layout = layout;
    }

    /** The first problem met since the last {@link #takeProblem()}, or null. */
    String problem() {
        return problem;
    }

    String takeProblem() {
        String p = problem;
        problem = null;
        return p;
    }

    void mark(String why) {
        if (problem == null) problem = why;
    }

    /** Whether payload bytes [at, at+n) exist. */
    boolean has(long at, long n) {
        return at >= 0 && n >= 0 && at + n <= len;
    }

    /** The integer at payload offset {@code at}, or 0 (marked) when it is not all there. */
    long read(long at, int size, boolean signed) {
        if (size <= 0 || !has(at, size)) {
            mark(TRUNCATED);
            return 0;
        }
        return layout.read(b, off + (int) at, size, signed);
    }

    /** The value of a scalar field. */
    long read(FormatField f) {
        return read(f.offset(), f.size(), f.signed());
    }

    int byteAt(int at) {
        return b[off + at] & 0xff;
    }

    /**
     * Start (payload offset) and length of the data a dynamic field points at, packed as
     * {@code start << 32 | length}; -1 (marked) when the field or its data are outside the record.
     */
    long dynamic(FormatField f) {
        if (!has(f.offset(), f.size()) || f.size() < 2) {
            mark(TRUNCATED);
            return -1;
        }
        long word = layout.read(b, off + f.offset(), Math.min(f.size(), 4), false);
        long start = word & 0xffff;
        // the old 2-byte form has no length: the data runs to the end of the record
        long length = f.size() == 2 ? len - start : (word >>> 16) & 0xffff;
        if (f.relLoc()) start += f.offset() + f.size();
        if (!has(start, length)) {
            mark(BAD_LOC);
            return -1;
        }
        return start << 32 | length;
    }

    /**
     * Start and length (packed like {@link #dynamic}) of the bytes of an array field: a fixed array's own
     * bytes, a {@code []} array's bytes to the end of the record, a dynamic array's data. An array the
     * record cuts gives what is there (marked); one that starts past its end gives -1 (marked).
     */
    long arrayBytes(FormatField f) {
        if (f.isDynamic()) return dynamic(f);
        long start = f.offset();
        if (start > len) {
            mark(TRUNCATED);
            return -1;
        }
        long length = f.size() == 0 ? len - start : f.size();
        if (start + length > len) {
            mark(TRUNCATED);
            length = len - start;
        }
        return start << 32 | length;
    }

    /** Appends the bytes [start, start+length) up to the first NUL (a C string inside a bounded array). */
    void appendCString(long packed, TextOut out) {
        if (packed < 0) return;
        int start = (int) (packed >>> 32);
        int length = (int) packed;
        int end = start;
        while (end < start + length && b[off + end] != 0) end++;
        out.append(b, off + start, end - start);
    }
}
