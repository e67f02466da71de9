package io.dioscope.bytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Parsing primitives over ASCII bytes. Trace lines are parsed in place, as slices of a block,
 * so that the hot path allocates nothing and runs no regular expression.
 */
public final class Ascii {
    private Ascii() {}

    /** Returned by the number parsers when the bytes at the position are not a number. */
    public static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) HEX[c] = (byte) (c - '0');
        for (int c = 'a'; c <= 'f'; c++) HEX[c] = (byte) (c - 'a' + 10);
        for (int c = 'A'; c <= 'F'; c++) HEX[c] = (byte) (c - 'A' + 10);
    }

    public static int hexValue(byte c) {
        return HEX[c & 0xFF];
    }

    public static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) i++;
        return i;
    }

    public static int skipSpacesBack(byte[] b, int start, int i) {
        while (i > start && (b[i - 1] == ' ' || b[i - 1] == '\t')) i--;
        return i;
    }

    /** End of the token (run of non-space bytes) that starts at {@code i}. */
    public static int tokenEnd(byte[] b, int i, int end) {
        while (i < end && b[i] != ' ' && b[i] != '\t') i++;
        return i;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** First {@code c} in {@code b[from, end)}, or -1; eight bytes at a time. */
    public static int indexOf(byte[] b, int from, int end, byte c) {
        int i = from;
        final long pattern = (c & 0xFFL) * ONES;
        for (; i + 8 <= end; i += 8) {
            long x = longAt(b, i) ^ pattern;
            // the lowest high bit set marks the first zero byte of x exactly (borrows only run upwards)
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
        for (; i < end; i++) {
            if (b[i] == c) return i;
        }
        return -1;
    }

    /** The eight bytes at {@code i}, little-endian; {@code i + 8} must not pass the array's end. */
    public static long longAt(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /**
     * A 32-bit hash of {@code b[start, end)}, eight bytes at a time, for the interning tables. Equal
     * slices hash equally wherever they sit in their arrays.
     */
    public static int hash(byte[] b, int start, int end) {
        int len = end - start;
        long h;
        if (len < 8) {
            h = shortWord(b, start, end);
        } else {
            h = 0;
            int i = start;
            for (; i + 8 < end; i += 8) h = Long.rotateLeft((h ^ longAt(b, i)) * 0xC2B2AE3D27D4EB4FL, 29);
            h ^= Long.rotateLeft(longAt(b, end - 8), 17); // the last eight, overlapping: same for equal slices
        }
        h = (h ^ len) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** The bytes of a slice shorter than eight as one little-endian word, zero above its end. */
    public static long shortWord(byte[] b, int start, int end) {
        int len = end - start;
        if (start + 8 <= b.length) return longAt(b, start) & ((1L << (len << 3)) - 1);
        long w = 0;
        for (int i = start, shift = 0; i < end; i++, shift += 8) w |= (b[i] & 0xFFL) << shift;
        return w;
    }

    private static final long SPACES = 0x2020202020202020L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    /** Like {@link #skipSpaces}, eight bytes at a time: for the long padding at the start of a line. */
    public static int skipPadding(byte[] b, int i, int end) {
        for (; i + 8 <= end; i += 8) {
            long x = longAt(b, i) ^ SPACES;
            if (x == 0) continue;
            long nonSpace = (((x & LOWS) + LOWS) | x) & HIGHS; // high bit of each byte that is not ' '
            i += Long.numberOfTrailingZeros(nonSpace) >>> 3;
            break;
        }
        return skipSpaces(b, i, end);
    }

    public static boolean startsWith(byte[] b, int i, int end, byte[] prefix) {
        if (end - i < prefix.length) return false;
        for (int k = 0; k < prefix.length; k++) {
            if (b[i + k] != prefix[k]) return false;
        }
        return true;
    }

    public static boolean equals(byte[] b, int start, int end, byte[] other) {
        return end - start == other.length && startsWith(b, start, end, other);
    }

    /** Position of {@code needle} in {@code b[from, end)}, or -1. */
    public static int find(byte[] b, int from, int end, byte[] needle) {
        int last = end - needle.length;
        byte first = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            i = indexOf(b, i, last + 1, first);
            if (i < 0) return -1;
            for (int k = 1; k < needle.length; k++) {
                if (b[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /**
     * Signed decimal at {@code i} up to the first non-digit; {@link #NOT_A_NUMBER} if none, and also
     * when the digits do not fit a signed 64-bit long (never a wrapped value: {@link #describe} says why).
     */
    public static long parseDecimal(byte[] b, int i, int end) {
        return parseDecimal(b, i, end, null);
    }

    /** As {@link #parseDecimal(byte[], int, int)}; when it is a number, {@code stop[0]} is where it ends. */
    public static long parseDecimal(byte[] b, int i, int end, int[] stop) {
        boolean negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= end || !isDigit(b[i])) return NOT_A_NUMBER;
        long v = 0;
        boolean overflow = false;
        while (i < end && isDigit(b[i])) {
            int d = b[i] - '0';
            if (v > (Long.MAX_VALUE - d) / 10) overflow = true;
            v = v * 10 + d;
            i++;
        }
        if (overflow) return NOT_A_NUMBER;
        if (stop != null) stop[0] = i;
        return negative ? -v : v;
    }

    /**
     * Hexadecimal at {@code i}, with or without a {@code 0x} prefix; {@link #NOT_A_NUMBER} when there is
     * none or when it does not fit a signed 64-bit long (above {@code 0x7fffffffffffffff}).
     */
    public static long parseHex(byte[] b, int i, int end) {
        return parseHex(b, i, end, null);
    }

    /** As {@link #parseHex(byte[], int, int)}; when it is a number, {@code stop[0]} is where it ends. */
    public static long parseHex(byte[] b, int i, int end, int[] stop) {
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) i += 2;
        if (i >= end || HEX[b[i] & 0xFF] < 0) return NOT_A_NUMBER;
        long v = 0;
        int d;
        boolean overflow = false;
        while (i < end && (d = HEX[b[i] & 0xFF]) >= 0) {
            if ((v >>> 59) != 0) overflow = true; // the next digit would push a bit into the sign
            v = (v << 4) | d;
            i++;
        }
        if (overflow) return NOT_A_NUMBER;
        if (stop != null) stop[0] = i;
        return v;
    }

    /** Decimal, or hexadecimal when written with a {@code 0x} prefix. */
    public static long parseNumber(byte[] b, int i, int end) {
        return parseNumber(b, i, end, null);
    }

    /** As {@link #parseNumber(byte[], int, int)}; when it is a number, {@code stop[0]} is where it ends. */
    public static long parseNumber(byte[] b, int i, int end, int[] stop) {
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) return parseHex(b, i, end, stop);
        return parseDecimal(b, i, end, stop);
    }

    /**
     * Why the number text at {@code i} (up to the next space) did not parse: "is negative", "does not fit
     * 64 bits", "is not a number" or, when it parses, null. {@code hex}: read as hex even without 0x.
     */
    public static String describe(byte[] b, int i, int end, boolean hex) {
        int e = tokenEnd(b, i, end);
        if (i < e && b[i] == '-') {
            int k = i + 1;
            if (k < e && (hex ? HEX[b[k] & 0xFF] >= 0 : isDigit(b[k]))) return "is negative";
            return "is not a number";
        }
        int k = i;
        boolean prefixed = k + 1 < e && b[k] == '0' && (b[k + 1] == 'x' || b[k + 1] == 'X');
        if (prefixed) k += 2;
        boolean radix16 = hex || prefixed;
        if (k >= e || (radix16 ? HEX[b[k] & 0xFF] < 0 : !isDigit(b[k]))) return "is not a number";
        while (k < e && b[k] == '0') k++;
        int digits = 0;
        while (k < e && (radix16 ? HEX[b[k] & 0xFF] >= 0 : isDigit(b[k]))) {
            k++;
            digits++;
        }
        long v = radix16 ? parseHex(b, i, e) : parseDecimal(b, i, e);
        if (v != NOT_A_NUMBER) return null;
        // 16 hex or 20 decimal significant digits may still fit 64 unsigned bits: say which limit it passed
        boolean fits64;
        if (radix16) {
            fits64 = digits <= 16;
        } else {
            fits64 = digits < 20 || (digits == 20
                    && new String(b, k - 20, 20, java.nio.charset.StandardCharsets.US_ASCII).compareTo("18446744073709551615") <= 0);
        }
        return fits64 ? "does not fit a signed 64-bit number" : "does not fit 64 bits";
    }

    /** Number of '\n' bytes in {@code b[from, to)}, eight bytes at a time. */
    public static int countNewlines(byte[] b, int from, int to) {
        int count = 0;
        int i = from;
        final long pattern = 0x0A0A0A0A0A0A0A0AL;
        for (; i + 8 <= to; i += 8) {
            long x = longAt(b, i) ^ pattern;
            // a zero byte in x marks a newline; this classic test counts them exactly
            long t = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
            t = ~(t | x | 0x7F7F7F7F7F7F7F7FL);
            count += Long.bitCount(t);
        }
        for (; i < to; i++) {
            if (b[i] == '\n') count++;
        }
        return count;
    }

    /** Last '\n' in {@code b[from, to)}, or -1. */
    public static int lastNewline(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') return i;
        }
        return -1;
    }

    /** A printable copy of a slice, for messages. */
    public static String text(byte[] b, int start, int end) {
        return new String(b, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }
}
