package io.dioscope.ingest.decode;

import io.dioscope.ingest.Ascii;
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

    public BodyCursor(Symbols symbols) {
        this.symbols = symbols;
    }

    public void reset(byte[] b, int start, int end) {
        this.b = b;
        this.start = start;
        this.pos = start;
        this.end = end;
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

    /** Hex value ({@code 0x83} or {@code 83}) of the key, or {@link Ascii#NOT_A_NUMBER}. */
    public long hex(Key key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : consumed(Ascii.parseHex(b, v, end, stop));
    }

    /** Signed decimal value of the key. */
    public long dec(Key key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : consumed(Ascii.parseDecimal(b, v, end, stop));
    }

    /** Decimal, or hex when prefixed with {@code 0x}. */
    public long num(Key key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : consumed(Ascii.parseNumber(b, v, end, stop));
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
