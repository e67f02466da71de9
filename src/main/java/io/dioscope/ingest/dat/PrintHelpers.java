package io.dioscope.ingest.dat;

/**
 * The kernel's print helpers as they appear in a print fmt ({@code __print_flags}, {@code __print_symbolic},
 * {@code __get_str}, ...), each printed the way libtraceevent prints it.
 */
final class PrintHelpers {
    private PrintHelpers() {}

    /**
     * {@code __print_flags(value, "delim", {mask, "NAME"}, ...)}: the names of the masks all of whose bits
     * are set, in list order, joined by delim, each mask cleared from the value once printed; what is left
     * is printed as {@code 0x..} after a delim. A value of 0 prints nothing, as the kernel prints it
     * (libtraceevent 1.7 and 1.8 print, for 0, the name of the first entry whose mask is an identifier the
     * format left unexpanded: {@code state=I_DIRTY_SYNC} where the kernel printed {@code state=}); a 0 mask
     * never matches a non-zero value (libtraceevent's rule; the kernel would print its name). A mask that is
     * an identifier the format left unexpanded ({@code known[i] == false}) never matches.
     */
    record Flags(PrintExpr value, byte[] delim, long[] masks, boolean[] known, byte[][] names) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            long v = value.eval(p);
            boolean printed = false;
            for (int i = 0; i < masks.length && v != 0; i++) {
                long m = masks[i];
                if (!known[i] || m == 0 || (v & m) != m) continue;
                if (printed) out.append(delim, 0, delim.length);
                out.append(names[i], 0, names[i].length);
                printed = true;
                v &= ~m;
            }
            if (v != 0) {
                if (printed) out.append(delim, 0, delim.length);
                out.append("0x").appendHex(v);
            }
        }
    }

    /** {@code __print_symbolic(value, {v, "NAME"}, ...)}: the name of the first equal value, else the value as {@code 0x..}. */
    record Symbolic(PrintExpr value, long[] values, boolean[] known, byte[][] names) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            long v = value.eval(p);
            for (int i = 0; i < values.length; i++) {
                if (known[i] && values[i] == v) {
                    out.append(names[i], 0, names[i].length);
                    return;
                }
            }
            out.append("0x").appendHex(v);
        }
    }

    /**
     * Start and length (packed as in {@link Payload#dynamic}) of the bytes an array expression names: a
     * field ({@code REC->buf}) or {@code __get_dynamic_array(buf)}; -1 when they are not in the record.
     */
    static long bytesOf(PrintExpr array, Payload p) {
        while (array instanceof PrintExpr.Cast c) array = c.inner();
        if (array instanceof PrintExpr.FieldRef f) return p.arrayBytes(f.field());
        if (array instanceof DynArray d) return p.dynamic(d.field());
        if (array instanceof DynStr d) return p.dynamic(d.field());
        return -1;
    }

    /** Whether {@link #bytesOf} can find bytes for this expression. */
    static boolean hasBytes(PrintExpr array) {
        while (array instanceof PrintExpr.Cast c) array = c.inner();
        return array instanceof PrintExpr.FieldRef || array instanceof DynArray || array instanceof DynStr;
    }

    /**
     * {@code __print_hex(buf, len)}: {@code len} bytes as two hex digits each, separated by spaces;
     * {@code __print_hex_str} without the spaces. Bytes past the record are not printed (and marked).
     */
    record HexDump(PrintExpr array, PrintExpr length, boolean spaced) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            long packed = bytesOf(array, p);
            long n = length.eval(p);
            if (packed < 0 || n <= 0) return;
            int start = (int) (packed >>> 32);
            int have = p.len - start; // the kernel trusts len, not the array size: so does libtraceevent
            for (int i = 0; i < n; i++) {
                if (i >= have) {
                    p.mark(Payload.TRUNCATED);
                    return;
                }
                if (i > 0 && spaced) out.append((byte) ' ');
                int v = p.byteAt(start + i);
                out.append(HEX[v >> 4]).append(HEX[v & 15]);
            }
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** {@code __print_array(array, count, elementSize)}: {@code {0x1,0x2}} (each element in hex, 1, 2, 4 or 8 bytes). */
    record IntArray(PrintExpr array, PrintExpr count, PrintExpr elementSize) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            long packed = bytesOf(array, p);
            long n = count.eval(p);
            int es = (int) elementSize.eval(p);
            out.append((byte) '{');
            if (packed >= 0) {
                long at = packed >>> 32;
                for (long i = 0; i < n; i++) {
                    if (i > 0) out.append((byte) ',');
                    int size = es == 1 || es == 2 || es == 4 || es == 8 ? es : 1;
                    if (!p.has(at, size)) {
                        p.mark(Payload.TRUNCATED);
                        break;
                    }
                    if (size != es) out.append("BAD SIZE:").appendDecimal(es).append((byte) ' ');
                    out.append("0x").appendHex(p.read(at, size, false));
                    at += size;
                }
            }
            out.append((byte) '}');
        }
    }

    /** {@code __get_str(f)}, {@code __get_rel_str(f)}: the dynamic string, up to its NUL. */
    record DynStr(FormatField field) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            p.appendCString(p.dynamic(field), out);
        }
    }

    /** {@code __get_dynamic_array(f)}: as text, its bytes up to the first NUL (as the kernel's {@code %s} of it). */
    record DynArray(FormatField field) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            p.appendCString(p.dynamic(field), out);
        }
    }

    /** {@code __get_dynamic_array_len(f)}: the length in bytes of the dynamic array. */
    record DynArrayLen(FormatField field) implements PrintExpr {
        @Override
        public long eval(Payload p) {
            long packed = p.dynamic(field);
            return packed < 0 ? 0 : packed & 0xffffffffL;
        }

        @Override
        public CType type() {
            return CType.UINT;
        }
    }

    /**
     * {@code __get_bitmask(f)}: the mask in hex, most significant byte first, a comma every 32 bits
     * ({@code 00000000,00000003}); {@code __get_cpumask(f)}: the list of set bits ({@code 0-1,4}).
     * The mask is an array of longs in the traced machine's byte order.
     */
    record Bitmask(FormatField field, boolean cpuList) implements PrintExpr.TextOnly {
        @Override
        public void text(Payload p, TextOut out) {
            long packed = p.dynamic(field);
            if (packed < 0) return;
            int start = (int) (packed >>> 32);
            int size = (int) packed;
            boolean big = p.layout.bigEndian();
            if (!cpuList) {
                // the byte holding the highest bits first; a comma before each lower 32-bit group
                for (int k = size - 1; k >= 0; k--) {
                    int index = big ? size - 1 - k : k;
                    int v = p.byteAt(start + index);
                    out.append(HEX[v >> 4]).append(HEX[v & 15]);
                    if (k > 0 && k % 4 == 0) out.append((byte) ',');
                }
                return;
            }
            boolean first = true;
            int bits = size * 8;
            int i = 0;
            while (i < bits) {
                if (!bit(p, start, size, big, i)) {
                    i++;
                    continue;
                }
                int j = i;
                while (j + 1 < bits && bit(p, start, size, big, j + 1)) j++;
                if (!first) out.append((byte) ',');
                first = false;
                out.appendDecimal(i);
                if (j > i) out.append((byte) '-').appendDecimal(j);
                i = j + 1;
            }
        }

        private static boolean bit(Payload p, int start, int size, boolean big, int n) {
            int byteIndex = n / 8;
            int index = big ? size - 1 - byteIndex : byteIndex;
            return (p.byteAt(start + index) >> (n % 8) & 1) != 0;
        }
    }
}
