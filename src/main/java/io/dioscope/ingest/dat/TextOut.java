package io.dioscope.ingest.dat;

import java.util.Arrays;

/**
 * A growable byte buffer a line is rendered into; reused, never shrinks. Text is bytes: strings the
 * kernel recorded are copied as they are (no charset decoding), and everything dioscope writes itself
 * is ASCII.
 */
public final class TextOut {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UPPER = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;
    private final byte[] digits = new byte[24];

    public TextOut() {
        this(256);
    }

    public TextOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public void clear() {
        len = 0;
    }

    public int length() {
        return len;
    }

    /** The buffer itself: its first {@link #length()} bytes are the text. */
    public byte[] bytes() {
        return buf;
    }

    /** The text as a String (ISO-8859-1, one char per byte), for tests and messages. */
    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private void room(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    public TextOut append(byte c) {
        room(1);
        buf[len++] = c;
        return this;
    }

    /** Appends the chars of an ASCII string, one byte each (a char above 0xff is written as {@code ?}). */
    public TextOut append(String ascii) {
        int n = ascii.length();
        room(n);
        for (int i = 0; i < n; i++) {
            char c = ascii.charAt(i);
            buf[len++] = c <= 0xff ? (byte) c : (byte) '?';
        }
        return this;
    }

    public TextOut append(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public TextOut appendDecimal(long v) {
        if (v < 0) {
            append((byte) '-');
            if (v == Long.MIN_VALUE) return append("9223372036854775808");
            v = -v;
        }
        return appendUnsignedDecimal(v);
    }

    public TextOut appendUnsignedDecimal(long v) {
        return appendUnsigned(v, 10, false);
    }

    /** Lowercase hex digits, no {@code 0x}. */
    public TextOut appendHex(long v) {
        return appendUnsigned(v, 16, false);
    }

    /** {@code v} as an unsigned number in base 8, 10 or 16 (uppercase letters when asked). */
    TextOut appendUnsigned(long v, int base, boolean upper) {
        byte[] d = upper ? UPPER : DIGITS;
        int i = digits.length;
        if (v == 0) digits[--i] = '0';
        if (base == 16 || base == 8) {
            int bits = base == 16 ? 4 : 3;
            while (v != 0) {
                digits[--i] = d[(int) (v & (base - 1))];
                v >>>= bits;
            }
        } else {
            if (v < 0) { // beyond Long.MAX_VALUE: one unsigned step, then signed arithmetic
                digits[--i] = d[(int) Long.remainderUnsigned(v, base)];
                v = Long.divideUnsigned(v, base);
            }
            while (v != 0) {
                digits[--i] = d[(int) (v % base)];
                v /= base;
            }
        }
        return append(digits, i, digits.length - i);
    }

    /** Number of digits of the unsigned {@code v} in {@code base}. */
    static int digitCount(long v, int base) {
        if (base == 16) return v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
        if (base == 8) return v == 0 ? 1 : (66 - Long.numberOfLeadingZeros(v)) / 3;
        int n = 1;
        if (v < 0) {
            v = Long.divideUnsigned(v, base);
            n++;
        }
        while (v >= base) {
            v /= base;
            n++;
        }
        return n;
    }

    /** Appends {@code n} copies of {@code c} (nothing when n <= 0). */
    public TextOut repeat(byte c, int n) {
        if (n <= 0) return this;
        room(n);
        Arrays.fill(buf, len, len + n, c);
        len += n;
        return this;
    }

    /**
     * Pads the text written since {@code from} to {@code width} bytes: with spaces on its left
     * (right-justified, printf's default) or on its right ({@code leftJustify}, printf's {@code -}).
     */
    public TextOut pad(int from, int width, boolean leftJustify) {
        int have = len - from;
        int missing = width - have;
        if (missing <= 0) return this;
        if (leftJustify) return repeat((byte) ' ', missing);
        room(missing);
        System.arraycopy(buf, from, buf, from + missing, have);
        Arrays.fill(buf, from, from + missing, (byte) ' ');
        len += missing;
        return this;
    }

    /** Cuts the text back to {@code length} bytes (when it is longer). */
    public void truncate(int length) {
        if (length >= 0 && length < len) len = length;
    }
}
