package io.dioscope.ingest.decode;

import io.dioscope.ingest.Ascii;

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
    public int seek(byte[] key) {
        int from = pos;
        while (true) {
            int at = Ascii.find(b, from, end, key);
            if (at < 0) return seekEmptyLast(key);
            if (at == start || b[at - 1] == ' ') {
                pos = at + key.length;
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
        if (at < pos || !Ascii.startsWith(b, at, end, java.util.Arrays.copyOf(key, k))) return -1;
        if (at != start && b[at - 1] != ' ') return -1;
        pos = end;
        return end;
    }

    /** Hex value ({@code 0x83} or {@code 83}) of the key, or {@link Ascii#NOT_A_NUMBER}. */
    public long hex(byte[] key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : Ascii.parseHex(b, v, end);
    }

    /** Signed decimal value of the key. */
    public long dec(byte[] key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : Ascii.parseDecimal(b, v, end);
    }

    /** Decimal, or hex when prefixed with {@code 0x}. */
    public long num(byte[] key) {
        int v = seek(key);
        return v < 0 ? Ascii.NOT_A_NUMBER : Ascii.parseNumber(b, v, end);
    }

    /** The word after the key (up to the next space; empty when the kernel printed nothing), interned. */
    public byte[] word(byte[] key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = Ascii.tokenEnd(b, v, end);
        pos = e;
        return symbols.intern(b, v, e);
    }

    /** A device ({@code 7:0}, {@code 7,0}) after the key, normalised to {@code major:minor}. */
    public byte[] device(byte[] key) {
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
    public byte[] bdi(byte[] key) {
        int v = seek(key);
        if (v < 0) return null;
        int e = v;
        while (e < end && !(b[e] == ':' && (e + 1 == end || b[e + 1] == ' '))) e++;
        pos = e;
        return symbols.device(b, v, e);
    }

    /** A function symbol after the key with its {@code +0x1a/0x40} offset removed. */
    public byte[] symbol(byte[] key) {
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
