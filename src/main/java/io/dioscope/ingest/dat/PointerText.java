package io.dioscope.ingest.dat;

/**
 * What the {@code %p} conversions print, as libtraceevent prints them: symbols ({@code %ps %pS %pf %pF}),
 * network and hardware addresses read from the record ({@code %pI4 %pI6c %pISpc %pM %pU}), raw bytes
 * ({@code %ph}), and a plain pointer in hex ({@code 0x...}, or {@code (nil)} for 0 as glibc's {@code %p}).
 */
final class PointerText {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    private PointerText() {}

    static void pointer(long v, int longSize, TextOut out) {
        if (longSize == 4) v &= 0xffffffffL;
        if (v == 0) out.append("(nil)");
        else out.append("0x").appendHex(v);
    }

    /** {@code %ps}: the symbol's name; {@code %pS}: name+0xoffset; no symbol: the address as {@code 0x...}. */
    static void symbol(long v, boolean withOffset, RecordLayout layout, TextOut out) {
        if (layout.longSize() == 4) v &= 0xffffffffL;
        Kallsyms k = layout.symbols();
        int i = k.find(v);
        if (i < 0) {
            out.append("0x").appendHex(v);
            return;
        }
        out.append(k.nameAt(i));
        if (withOffset) out.append("+0x").appendHex(v - k.addressAt(i));
    }

    /** The field an address conversion reads: its argument with casts taken off, which must be a field (or a dynamic array for %pIS). */
    static PrintExpr unwrap(PrintExpr e) {
        while (e instanceof PrintExpr.Cast c) e = c.inner();
        return e;
    }

    /** The bytes [start, start+n) of the field, or -1 (with "INVALID..." written) when the field does not have n bytes. */
    private static int fieldBytes(PrintExpr arg, int n, String invalid, Payload p, TextOut out) {
        FormatField f = ((PrintExpr.FieldRef) unwrap(arg)).field();
        if (f.size() != n) {
            out.append(invalid);
            return -1;
        }
        if (!p.has(f.offset(), n)) {
            p.mark(Payload.TRUNCATED);
            return -1;
        }
        return f.offset();
    }

    /** {@code %pM} (aa:bb:cc:dd:ee:ff), {@code %pMF} (with '-'), {@code %pm} (no separator), {@code R}: reversed. */
    static void mac(String kind, PrintExpr arg, Payload p, TextOut out) {
        int at = fieldBytes(arg, 6, "INVALIDMAC", p, out);
        if (at < 0) return;
        String sep = kind.charAt(0) == 'm' ? "" : kind.length() > 1 && kind.charAt(1) == 'F' ? "-" : ":";
        boolean reverse = kind.length() > 1 && kind.charAt(1) == 'R';
        for (int i = 0; i < 6; i++) {
            if (i > 0) out.append(sep);
            hex2(p.byteAt(at + (reverse ? 5 - i : i)), out);
        }
    }

    private static void hex2(int v, TextOut out) {
        if (v < 16) out.append((byte) '0');
        out.appendHex(v);
    }

    /** {@code %pI4}, {@code %pi4} (zero-padded), {@code %pI6}, {@code %pi6}, {@code %pI6c}, {@code %pIS...}. */
    static void ip(String kind, PrintExpr arg, Payload p, TextOut out) {
        char i = kind.charAt(0);
        char version = kind.length() > 1 ? kind.charAt(1) : 0;
        if (version == '4') {
            int at = fieldBytes(arg, 4, "INVALIDIPv4", p, out);
            if (at < 0) return;
            ip4(p, at, i, reverse4(kind, 2, p), out);
        } else if (version == '6') {
            int at = fieldBytes(arg, 16, "INVALIDIPv6", p, out);
            if (at < 0) return;
            if (kind.length() > 2 && kind.charAt(2) == 'c') ip6c(p, at, out);
            else ip6(p, at, i, out);
        } else if (version == 'S') {
            sockaddr(kind, arg, p, out);
        }
    }

    private static boolean reverse4(String kind, int at, Payload p) {
        char c = kind.length() > at ? kind.charAt(at) : 0;
        if (c == 'h') return !p.layout.bigEndian();
        return c == 'l';
    }

    private static void ip4(Payload p, int at, char i, boolean reverse, TextOut out) {
        for (int k = 0; k < 4; k++) {
            if (k > 0) out.append((byte) '.');
            int v = p.byteAt(at + (reverse ? 3 - k : k));
            if (i == 'i') {
                if (v < 100) out.append((byte) '0');
                if (v < 10) out.append((byte) '0');
            }
            out.appendDecimal(v);
        }
    }

    private static void ip6(Payload p, int at, char i, TextOut out) {
        for (int j = 0; j < 16; j += 2) {
            hex2(p.byteAt(at + j), out);
            hex2(p.byteAt(at + j + 1), out);
            if (i == 'I' && j < 14) out.append((byte) ':');
        }
    }

    private static int word(Payload p, int at, int k) {
        return p.byteAt(at + 2 * k) << 8 | p.byteAt(at + 2 * k + 1);
    }

    /** The compressed form: the longest run (of two or more) of zero words as {@code ::}; v4-mapped and ISATAP end in dotted IPv4. */
    private static void ip6c(Payload p, int at, TextOut out) {
        boolean v4mapped = word(p, at, 0) == 0 && word(p, at, 1) == 0 && word(p, at, 2) == 0 && word(p, at, 3) == 0
                && word(p, at, 4) == 0 && word(p, at, 5) == 0xffff;
        boolean isatap = (word(p, at, 4) | 0x0200) == 0x0200 && word(p, at, 5) == 0x5efe;
        boolean useV4 = v4mapped || isatap;
        int range = useV4 ? 6 : 8;
        int longest = 1;
        int colonpos = -1;
        for (int i = 0; i < range; i++) {
            int run = 0;
            for (int j = i; j < range && word(p, at, j) == 0; j++) run++;
            if (run > longest) {
                longest = run;
                colonpos = i;
            }
        }
        boolean needColon = false;
        for (int i = 0; i < range; i++) {
            if (i == colonpos) {
                if (needColon || i == 0) out.append((byte) ':');
                out.append((byte) ':');
                needColon = false;
                i += longest - 1;
                continue;
            }
            if (needColon) out.append((byte) ':');
            out.appendHex(word(p, at, i));
            needColon = true;
        }
        if (useV4) {
            if (needColon) out.append((byte) ':');
            ip4(p, at + 12, 'I', false, out);
        }
    }

    /** {@code %pIS[p][c]}: a {@code struct sockaddr} (family in the traced machine's order, port and address in network order). */
    private static void sockaddr(String kind, PrintExpr arg, Payload p, TextOut out) {
        boolean port = kind.indexOf('p', 2) >= 0;
        boolean compressed = kind.indexOf('c', 2) >= 0;
        PrintExpr e = unwrap(arg);
        long packed = e instanceof PrintExpr.FieldRef f ? p.arrayBytes(f.field()) : PrintHelpers.bytesOf(e, p);
        if (packed < 0) return;
        int at = (int) (packed >>> 32);
        int len = (int) packed;
        if (len < 2) return;
        int family = (int) p.read(at, 2, false);
        if (family == AF_INET) {
            if (len < 16) {
                out.append("INVALIDIPv4");
                return;
            }
            ip4(p, at + 4, kind.charAt(0), reverse4(kind, kind.length() - 1, p), out);
            if (port) out.append((byte) ':').appendDecimal(p.byteAt(at + 2) << 8 | p.byteAt(at + 3));
        } else if (family == AF_INET6) {
            if (len < 28) {
                out.append("INVALIDIPv6");
                return;
            }
            if (port) out.append((byte) '[');
            if (compressed) ip6c(p, at + 8, out);
            else ip6(p, at + 8, kind.charAt(0), out);
            if (port) out.append("]:").appendDecimal(p.byteAt(at + 2) << 8 | p.byteAt(at + 3));
        }
    }

    private static final int[] GUID_ORDER = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    /** {@code %pU} (lowercase, bytes in order), {@code B}: uppercase, {@code l}/{@code L}: little-endian GUID order. */
    static void uuid(String kind, PrintExpr arg, Payload p, TextOut out) {
        int at = fieldBytes(arg, 16, "INVALIDUUID", p, out);
        if (at < 0) return;
        char v = kind.length() > 1 ? kind.charAt(1) : 0;
        boolean upper = v == 'B' || v == 'L';
        boolean guid = v == 'l' || v == 'L';
        for (int i = 0; i < 16; i++) {
            int b = p.byteAt(at + (guid ? GUID_ORDER[i] : i));
            if (b < 16) out.append((byte) '0');
            out.appendUnsigned(b, 16, upper);
            if (i == 3 || i == 5 || i == 7 || i == 9) out.append((byte) '-');
        }
    }

    /** {@code %*ph}: {@code count} bytes of a dynamic array in hex, separated by spaces ({@code C}: ':', {@code D}: '-', {@code N}: nothing). */
    static void hexBytes(String kind, PrintExpr arg, int count, Payload p, TextOut out) {
        char v = kind.length() > 1 ? kind.charAt(1) : 0;
        String sep = v == 'C' ? ":" : v == 'D' ? "-" : v == 'N' ? "" : " ";
        long packed = PrintHelpers.bytesOf(arg, p);
        if (packed < 0) return;
        int at = (int) (packed >>> 32);
        int n = Math.min(count, (int) packed);
        for (int i = 0; i < n; i++) {
            if (i > 0) out.append(sep);
            hex2(p.byteAt(at + i), out);
        }
    }
}
