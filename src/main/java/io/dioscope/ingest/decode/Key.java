package io.dioscope.ingest.decode;

import io.dioscope.bytes.Ascii;
import io.dioscope.bytes.Symbols;

/**
 * A field name as the kernel prints it, with its separator ({@code "ino "} or {@code "ino="}). Its
 * first eight bytes are kept as one word, so that checking for the key at a position is one compare.
 */
final class Key {
    final byte[] bytes;
    private final long head;
    private final long headMask;

    Key(String text) {
        bytes = Symbols.bytes(text);
        long h = 0;
        int n = Math.min(8, bytes.length);
        for (int i = 0; i < n; i++) h |= (bytes[i] & 0xFFL) << (8 * i);
        head = h;
        headMask = n == 8 ? -1L : (1L << (8 * n)) - 1;
    }

    int length() {
        return bytes.length;
    }

    /** True when {@code b[i, end)} starts with this key. */
    boolean isAt(byte[] b, int i, int end) {
        if (end - i < bytes.length) return false;
        if (i + 8 <= b.length) {
            if ((Ascii.longAt(b, i) & headMask) != head) return false;
            for (int k = 8; k < bytes.length; k++) {
                if (b[i + k] != bytes[k]) return false;
            }
            return true;
        }
        return Ascii.startsWith(b, i, end, bytes);
    }

    /** The field's name without its separator ({@code ino} for {@code "ino "}, {@code ino=} for {@code "ino="}). */
    String name() {
        String t = toString();
        return t.endsWith(" ") ? t.substring(0, t.length() - 1) : t;
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
