package io.dioscope.ingest.decode;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;
import java.util.Arrays;

/**
 * Reads {@code key value} and {@code key=value} pairs from an event body, left to right. Keys are
 * looked for in the order the kernel prints them, so each search starts where the last one ended;
 * a key the line does not have (another kernel version's format) leaves the cursor where it was.
 */
public final class BodyCursor {
    private final Symbols symbols;
    private byte[] b;
    private int start;
    private int pos;
    private int end;
    private final int[] stop = new int[1];
    private String problem;
    private long pageSize = DEFAULT_PAGE_SIZE;

    /**
     * The page size taken when nothing says the traced machine's: x86's and most arm64 kernels'. The
     * page-cache events report page indexes and folio orders, so their byte ranges are in this unit.
     */
    public static final long DEFAULT_PAGE_SIZE = 4096;

    public BodyCursor(Symbols symbols) {
        this.symbols = symbols;
    }

    /** The traced machine's page size, in bytes: what page indexes and folio orders count in. */
    public long pageSize() {
        return pageSize;
    }

    /** Sets the page size of the trace whose lines follow (a power of two, at least 4096). */
    public void pageSize(long bytes) {
        if (bytes < 4096 || Long.bitCount(bytes) != 1) throw new IllegalArgumentException("page size " + bytes);
        this.pageSize = bytes;
    }

    public void reset(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.pos = start;
        this.end = end;
        this.problem = null;
    }

    /**
     * Why the line must not become a row, or null: a field whose value is there but is not a number,
     * is negative where it cannot be, or does not fit its column. The first problem found is kept.
     */
    public String problem() {
        return problem;
    }

    /** Marks the line as a parse problem (the first reason given is kept). */
    public void problem(String reason) {
        if (problem == null) problem = reason;
    }

    /** Records why the value of {@code key} at {@code v} could not be read. */
    private long bad(Key key, int v, boolean hex) {
        String why = Ascii.describe(b, v, end, hex);
        if (why == null) why = "is not a number";
        int e = Ascii.tokenEnd(b, v, end);
        String name = key.name();
        problem(name + (name.endsWith("=") ? "" : " ") + Ascii.text(b, v, Math.min(e, v + 40)) + (e > v + 40 ? "..." : "") + " " + why);
        return Ascii.NOT_A_NUMBER;
    }

    public byte[] bytes() {
        return b;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public Symbols symbols() {
        return symbols;
    }

    /**
     * Start of the value of {@code key} (which includes its separator, {@code "ino "} or {@code "ino="}),
     * or -1 when the body has no such key after the cursor.
     */
    public int seek(Key key) {
        int next = Ascii.skipSpaces(b, pos, end);
        if (key.isAt(b, next, end) && (next == start || b[next - 1] == ' ')) {
            // the common case: the key follows the last value
            pos = next + key.length();
            return pos;
        }
        int from = pos;
        while (true) {
            int at = Ascii.find(b, from, end, key.bytes);
            if (at < 0) return seekEmptyLast(key.bytes);
            if (at == start || b[at - 1] == ' ') {
                pos = at + key.length();
                return pos;
            }
            from = at + 1;
        }
    }

    /**
     * A key printed last with an empty value ({@code "... len 65536 mode "}) loses its trailing space
     * when the body is trimmed; its value is then the empty string at the end of the body.
     */
    private int seekEmptyLast(byte[] key) {
        int k = key.length - 1;
        if (key[k] != ' ' || end - start < k) return -1;
        int at = end - k;
        if (at < pos || Arrays.mismatch(b, at, end, key, 0, k) >= 0) return -1;
        if (at != start && b[at - 1] != ' ') return -1;
        pos = end;
        return end;
    }

    /**
     * Hex value ({@code 0x83} or {@code 83}) of the key, or {@link Ascii#NOT_A_NUMBER} when the body has
     * no such key. A key whose value is not a hex number that fits 63 bits ({@code ino -131},
     * {@code ino 0x10000000000000083}) is a {@link #problem()}, never a value.
     */
    public long hex(Key key) {
        int v = seek(key);
        if (v < 0) return Ascii.NOT_A_NUMBER;
        long value = Ascii.parseHex(b, v, end, stop);
        return value == Ascii.NOT_A_NUMBER ? bad(key, v, true) : consumed(value);
    }

    /** Signed decimal value of the key (a value that is not one, or does not fit, is a {@link #problem()}). */
    public long dec(Key key) {
        int v = seek(key);
        if (v < 0) return Ascii.NOT_A_NUMBER;
        long value = Ascii.parseDecimal(b, v, end, stop);
        return value == Ascii.NOT_A_NUMBER ? bad(key, v, false) : consumed(value);
    }

    /** A decimal that cannot be negative (an inode, an offset, a length, an index): negative is a {@link #problem()}. */
    public long udec(Key key) {
        int v = seek(key);
        if (v < 0) return Ascii.NOT_A_NUMBER;
        long value = Ascii.parseDecimal(b, v, end, stop);
        return value == Ascii.NOT_A_NUMBER || value < 0 ? bad(key, v, false) : consumed(value);
    }

    /** Decimal, or hex when prefixed with {@code 0x}; never negative (a kprobe's inode). */
    public long num(Key key) {
        int v = seek(key);
        if (v < 0) return Ascii.NOT_A_NUMBER;
        long value = Ascii.parseNumber(b, v, end, stop);
        return value == Ascii.NOT_A_NUMBER || value < 0 ? bad(key, v, false) : consumed(value);
    }

    /** {@code value * factor}, or a {@link #problem()} when the product does not fit 64 bits. */
    public long times(long value, long factor, String what) {
        if (value == Ascii.NOT_A_NUMBER) return value;
        try {
            return Math.multiplyExact(value, factor);
        } catch (ArithmeticException e) {
            problem(what + " " + value + " x " + factor + " does not fit 64 bits");
            return Ascii.NOT_A_NUMBER;
        }
    }

    /** Moves past the number just read, so that the next key is found right where it starts. */
    private long consumed(long value) {
        if (value != Ascii.NOT_A_NUMBER) pos = stop[0];
        return value;
    }

    /** The word after the key (up to the next space; empty when the kernel printed nothing), interned. */
    public byte[] word(Key key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = Ascii.tokenEnd(b, v, end);
        pos = e;
        return symbols.intern(b, v, e);
    }

    /** A device ({@code 7:0}, {@code 7,0}) after the key, normalised to {@code major:minor}. */
    public byte[] device(Key key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = Ascii.tokenEnd(b, v, end);
        pos = e;
        if (e == v) return null; // "dev " with nothing after it: no device
        return symbols.device(b, v, e);
    }

    /**
     * The name after {@code bdi }: a device number ({@code 7:0}) or a name ({@code btrfs-1}), which ends
     * at the {@code ": "} the writeback events print after it.
     */
    public byte[] bdi(Key key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = v;
        while (e < end && !(b[e] == ':' && (e + 1 == end || b[e + 1] == ' '))) e++;
        pos = e;
        if (e == v) return null;
        return symbols.device(b, v, e);
    }

    /** A function symbol after the key with its {@code +0x1a/0x40} offset removed. */
    public byte[] symbol(Key key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = v;
        while (e < end && b[e] != '+' && b[e] != ' ') e++;
        pos = e;
        return symbols.intern(b, v, e);
    }

    /** Position just after the last consumed value. */
    public int position() {
        return pos;
    }

    public void moveTo(int position) {
        pos = position;
    }
}
