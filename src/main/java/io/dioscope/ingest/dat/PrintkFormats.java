package io.dioscope.ingest.dat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The kernel's constant strings by address ({@code /sys/kernel/tracing/printk_formats}, which trace-cmd
 * stores in a trace.dat): some events record a pointer to such a string (rcu_utilization's
 * {@code "Start scheduler-tick"}) and print it with {@code %s}. An address not listed prints in hex, as
 * libtraceevent prints it.
 *
 * <p>Lines are {@code 0xffffffff8281bb1e : "Start scheduler-tick"}; like libtraceevent, the quotes and a
 * trailing {@code \n} are taken off, other escapes are kept as written. A line without {@code :} is skipped.
 */
public final class PrintkFormats {
    private static final PrintkFormats NONE = new PrintkFormats(new long[0], new byte[0][]);

    /** Addresses with the sign bit flipped (kernel-address order), sorted. */
    private final long[] keys;
    private final byte[][] strings;

    private PrintkFormats(long[] keys, byte[][] strings) {
        this.keys = keys;
        this.strings = strings;
    }

    public static PrintkFormats none() {
        return NONE;
    }

    public static PrintkFormats parse(String printkFormatsText) {
        String[] lines = printkFormatsText.split("\n");
        long[][] order = new long[lines.length][];
        byte[][] found = new byte[lines.length][];
        int n = 0;
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String addr = line.substring(0, colon).strip();
            if (addr.startsWith("0x") || addr.startsWith("0X")) addr = addr.substring(2);
            long a;
            try {
                a = Long.parseUnsignedLong(addr, 16);
            } catch (NumberFormatException notHex) {
                continue;
            }
            String s = line.substring(colon + 1);
            if (s.startsWith(" ")) s = s.substring(1);
            if (s.startsWith("\"")) s = s.substring(1);
            if (s.endsWith("\"")) s = s.substring(0, s.length() - 1);
            if (s.endsWith("\\n")) s = s.substring(0, s.length() - 2);
            order[n] = new long[] {a ^ Long.MIN_VALUE, n};
            found[n] = s.getBytes(StandardCharsets.ISO_8859_1);
            n++;
        }
        long[][] sorted = Arrays.copyOf(order, n);
        Arrays.sort(sorted, (x, y) -> Long.compare(x[0], y[0]));
        long[] keys = new long[n];
        byte[][] strings = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = sorted[i][0];
            strings[i] = found[(int) sorted[i][1]];
        }
        return new PrintkFormats(keys, strings);
    }

    public int size() {
        return keys.length;
    }

    /** The string at exactly this address, or null. */
    byte[] at(long addr) {
        int i = Arrays.binarySearch(keys, addr ^ Long.MIN_VALUE);
        return i < 0 ? null : strings[i];
    }

    /** The string at exactly this address, or null. */
    public String string(long addr) {
        byte[] b = at(addr);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }
}
