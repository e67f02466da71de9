package io.dioscope.ingest.dat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel symbols of the traced machine ({@code /proc/kallsyms}, or the copy trace-cmd stores in a
 * trace.dat): start addresses and names, sorted by address.
 *
 * <p>An address belongs to the symbol at or below it, as long as the next symbol starts above it (the
 * highest symbol covers only its own address, since nothing says where it ends), which is how
 * libtraceevent resolves {@code %ps}. Like libtraceevent, absolute symbols ({@code A}/{@code a}, per-CPU
 * offsets on x86-64) and ARM's {@code $a}-style mapping symbols are left out. Several names at one
 * address: the last one listed wins. A line that is not {@code address type name [module]} is skipped.
 */
public final class Kallsyms {
    private static final Kallsyms NONE = new Kallsyms(new long[0], new String[0]);

    /** Start addresses with the sign bit flipped, so that signed order is kernel-address order. */
    private final long[] keys;
    private final String[] names;

    private Kallsyms(long[] keys, String[] names) {
        this.keys = keys;
        this.names = names;
    }

    public static Kallsyms none() {
        return NONE;
    }

    /** Parses {@code "ffffffff81000000 T _stext"} lines (a {@code [module]} after the name is ignored); empty text: no symbols. */
    public static Kallsyms parse(String procKallsymsText) {
        List<long[]> order = new ArrayList<>();
        List<String> found = new ArrayList<>();
        int n = procKallsymsText.length();
        int pos = 0;
        while (pos < n) {
            int eol = procKallsymsText.indexOf('\n', pos);
            if (eol < 0) eol = n;
            String name = null;
            long addr = 0;
            String[] parts = procKallsymsText.substring(pos, eol).trim().split("\\s+");
            if (parts.length >= 3 && parts[0].length() <= 16 && parts[1].length() == 1) {
                char type = parts[1].charAt(0);
                try {
                    addr = Long.parseUnsignedLong(parts[0], 16);
                    if (type != 'A' && type != 'a' && !parts[2].startsWith("$")) name = parts[2];
                } catch (NumberFormatException notHex) {
                    name = null;
                }
            }
            if (name != null) {
                order.add(new long[] {addr ^ Long.MIN_VALUE, found.size()});
                found.add(name);
            }
            pos = eol + 1;
        }
        if (found.isEmpty()) return NONE;
        // stable by file position among equal addresses, so that "the last one listed" is the last index
        order.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        long[] keys = new long[order.size()];
        String[] names = new String[order.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = order.get(i)[0];
            names[i] = found.get((int) order.get(i)[1]);
        }
        return new Kallsyms(keys, names);
    }

    /** Number of symbols kept. */
    public int size() {
        return keys.length;
    }

    /** Index of the symbol covering {@code addr}, or -1. */
    int find(long addr) {
        long key = addr ^ Long.MIN_VALUE;
        int i = Arrays.binarySearch(keys, key);
        if (i >= 0) {
            while (i + 1 < keys.length && keys[i + 1] == key) i++;
            return i;
        }
        int below = -i - 2;
        if (below < 0 || below + 1 >= keys.length) return -1; // below the first, or above the last symbol
        return below;
    }

    String nameAt(int index) {
        return names[index];
    }

    long addressAt(int index) {
        return keys[index] ^ Long.MIN_VALUE;
    }

    /** "name" for %ps, or null when the address is not covered. */
    public String name(long addr) {
        int i = find(addr);
        return i < 0 ? null : names[i];
    }

    /** "name+0xoff" as %pS prints it (libtraceevent prints name+0xoff, no /size), or null when the address is not covered. */
    public String nameOffset(long addr) {
        int i = find(addr);
        return i < 0 ? null : names[i] + "+0x" + Long.toHexString(addr - addressAt(i));
    }
}
