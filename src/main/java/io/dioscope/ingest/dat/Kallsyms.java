package io.dioscope.ingest.dat;

import java.util.Arrays;

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
        String t = procKallsymsText;
        int n = t.length();
        long[] addrs = new long[1024];
        String[] found = new String[1024];
        int count = 0;
        int pos = 0;
        while (pos < n) {
            int eol = t.indexOf('\n', pos);
            if (eol < 0) eol = n;
            // "ffffffff81000000 T _stext\t[module]": address, one-letter type, name (fields by blanks)
            int a = skipBlanks(t, pos, eol);
            int ae = nextBlank(t, a, eol);
            int ty = skipBlanks(t, ae, eol);
            int tye = nextBlank(t, ty, eol);
            int nm = skipBlanks(t, tye, eol);
            int nme = nextBlank(t, nm, eol);
            if (ae - a > 0 && ae - a <= 16 && tye - ty == 1 && nme > nm) {
                char type = t.charAt(ty);
                long addr = hex(t, a, ae);
                if (addr != -1 || ae - a == 16) {
                    if (type != 'A' && type != 'a' && t.charAt(nm) != '$') {
                        if (count == addrs.length) {
                            addrs = Arrays.copyOf(addrs, count * 2);
                            found = Arrays.copyOf(found, count * 2);
                        }
                        addrs[count] = addr ^ Long.MIN_VALUE;
                        found[count] = t.substring(nm, nme);
                        count++;
                    }
                }
            }
            pos = eol + 1;
        }
        if (count == 0) return NONE;
        long[] keys = Arrays.copyOf(addrs, count);
        String[] names = Arrays.copyOf(found, count);
        boolean sorted = true;
        for (int i = 1; i < count && sorted; i++) sorted = keys[i - 1] <= keys[i];
        if (!sorted) {
            // stable by file position among equal addresses, so that "the last one listed" is the last index
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) order[i] = i;
            long[] k = keys;
            Arrays.sort(order, (x, y) -> k[x] != k[y] ? Long.compare(k[x], k[y]) : Integer.compare(x, y));
            long[] sk = new long[count];
            String[] sn = new String[count];
            for (int i = 0; i < count; i++) {
                sk[i] = keys[order[i]];
                sn[i] = names[order[i]];
            }
            keys = sk;
            names = sn;
        }
        return new Kallsyms(keys, names);
    }

    private static int skipBlanks(String t, int i, int end) {
        while (i < end && (t.charAt(i) == ' ' || t.charAt(i) == '\t' || t.charAt(i) == '\r')) i++;
        return i;
    }

    private static int nextBlank(String t, int i, int end) {
        while (i < end && t.charAt(i) != ' ' && t.charAt(i) != '\t' && t.charAt(i) != '\r') i++;
        return i;
    }

    /** The hex number t[from, to), or -1 when it is not one (-1 itself is ffffffffffffffff: 16 digits). */
    private static long hex(String t, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(t.charAt(i), 16);
            if (d < 0) return -1;
            v = (v << 4) | d;
        }
        return v;
    }

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
