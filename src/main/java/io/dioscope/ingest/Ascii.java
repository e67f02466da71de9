package io.dioscope.ingest;

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

    public static int hexValue(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
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

    public static int indexOf(byte[] b, int from, int end, byte c) {
        for (int i = from; i < end; i++) {
            if (b[i] == c) return i;
        }
        return -1;
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
            if (b[i] != first) continue;
            for (int k = 1; k < needle.length; k++) {
                if (b[i + k] != needle[k]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** Unsigned decimal at {@code i} up to the first non-digit; {@link #NOT_A_NUMBER} if none. */
    public static long parseDecimal(byte[] b, int i, int end) {
        boolean negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        if (i >= end || !isDigit(b[i])) return NOT_A_NUMBER;
        long v = 0;
        while (i < end && isDigit(b[i])) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        return negative ? -v : v;
    }

    /** Hexadecimal at {@code i}, with or without a {@code 0x} prefix. */
    public static long parseHex(byte[] b, int i, int end) {
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) i += 2;
        if (i >= end || hexValue(b[i]) < 0) return NOT_A_NUMBER;
        long v = 0;
        int d;
        while (i < end && (d = hexValue(b[i])) >= 0) {
            v = (v << 4) | d;
            i++;
        }
        return v;
    }

    /** Decimal, or hexadecimal when written with a {@code 0x} prefix. */
    public static long parseNumber(byte[] b, int i, int end) {
        if (i + 1 < end && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) return parseHex(b, i, end);
        return parseDecimal(b, i, end);
    }

    /** Number of '\n' bytes in {@code b[from, to)}, eight bytes at a time. */
    public static int countNewlines(byte[] b, int from, int to) {
        int count = 0;
        int i = from;
        final long pattern = 0x0A0A0A0A0A0A0A0AL;
        for (; i + 8 <= to; i += 8) {
            long x = ((long) LONGS.get(b, i)) ^ pattern;
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
