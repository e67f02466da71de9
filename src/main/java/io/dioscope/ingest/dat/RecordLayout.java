package io.dioscope.ingest.dat;

import java.util.Objects;

/**
 * Byte order and kernel long size of the traced machine, and its kernel symbols and constant strings:
 * what it takes, besides the event formats, to turn the bytes of a record into text.
 *
 * @param bigEndian true when the traced machine stored integers most significant byte first
 * @param longSize  the size of a kernel {@code long} (and of a pointer) there: 4 or 8
 * @param symbols   its kernel symbols, for {@code %ps}/{@code %pS} (never null; {@link Kallsyms#none()} when unknown)
 * @param printk    its constant strings by address, for {@code %s} of a string pointer (never null;
 *                  {@link PrintkFormats#none()} when unknown)
 */
public record RecordLayout(boolean bigEndian, int longSize, Kallsyms symbols, PrintkFormats printk) {

    public RecordLayout {
        if (longSize != 4 && longSize != 8) throw new IllegalArgumentException("a kernel long is 4 or 8 bytes, not " + longSize);
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(printk, "printk");
    }

    /** A layout without the kernel's constant strings (a string pointer then prints in hex). */
    public RecordLayout(boolean bigEndian, int longSize, Kallsyms symbols) {
        this(bigEndian, longSize, symbols, PrintkFormats.none());
    }

    /**
     * The {@code size}-byte integer at {@code b[off]} in this byte order, sign-extended when {@code signed},
     * else zero-extended. Sizes other than 1, 2, 4 and 8 read the first 8 bytes, or as many as there are
     * (an integer never wider than 64 bits is what a caller can use). The caller keeps {@code off + size}
     * inside {@code b}.
     */
    public long read(byte[] b, int off, int size, boolean signed) {
        switch (size) {
            case 8:
                return (long) (bigEndian ? LONG_BE : LONG_LE).get(b, off);
            case 4: {
                int v = (int) (bigEndian ? INT_BE : INT_LE).get(b, off);
                return signed ? v : v & 0xffffffffL;
            }
            case 2: {
                short v = (short) (bigEndian ? SHORT_BE : SHORT_LE).get(b, off);
                return signed ? v : v & 0xffffL;
            }
            case 1:
                return signed ? b[off] : b[off] & 0xffL;
            default:
                break;
        }
        int n = Math.min(size, 8);
        long v = 0;
        if (bigEndian) {
            for (int i = 0; i < n; i++) v = (v << 8) | (b[off + i] & 0xff);
        } else {
            for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[off + i] & 0xff);
        }
        if (n >= 8 || n <= 0) return v;
        int shift = 64 - 8 * n;
        return signed ? (v << shift) >> shift : v;
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle INT_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle SHORT_BE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Bits in a kernel {@code long}. */
    int longBits() {
        return longSize * 8;
    }
}
