package io.dioscope.ingest.dat;

import java.util.Map;

/**
 * The C integer type of a print-fmt expression: its width and signedness, which decide how a cast
 * truncates, how {@code <}, {@code /} and {@code >>} treat the sign bit, and what C's integer promotions
 * make of a mixed expression. A {@code long} has the traced machine's width, known only when a record is
 * rendered ({@code bits == LONG}).
 */
record CType(int bits, boolean signed, boolean bool) {
    static final int LONG = 0;

    static final CType INT = new CType(32, true, false);
    static final CType UINT = new CType(32, false, false);
    static final CType S64 = new CType(64, true, false);
    static final CType U64 = new CType(64, false, false);
    static final CType SLONG = new CType(LONG, true, false);
    static final CType ULONG = new CType(LONG, false, false);

    private static final Map<String, CType> NAMED = Map.ofEntries(
            Map.entry("char", new CType(8, true, false)), Map.entry("signed char", new CType(8, true, false)),
            Map.entry("unsigned char", new CType(8, false, false)),
            Map.entry("short", new CType(16, true, false)), Map.entry("unsigned short", new CType(16, false, false)),
            Map.entry("int", INT), Map.entry("unsigned int", UINT), Map.entry("unsigned", UINT), Map.entry("signed", INT),
            Map.entry("long", SLONG), Map.entry("unsigned long", ULONG),
            Map.entry("long long", S64), Map.entry("unsigned long long", U64),
            Map.entry("bool", new CType(8, false, true)), Map.entry("_Bool", new CType(8, false, true)),
            Map.entry("u8", new CType(8, false, false)), Map.entry("s8", new CType(8, true, false)),
            Map.entry("u16", new CType(16, false, false)), Map.entry("s16", new CType(16, true, false)),
            Map.entry("u32", UINT), Map.entry("s32", INT), Map.entry("u64", U64), Map.entry("s64", S64),
            Map.entry("uint8_t", new CType(8, false, false)), Map.entry("int8_t", new CType(8, true, false)),
            Map.entry("uint16_t", new CType(16, false, false)), Map.entry("int16_t", new CType(16, true, false)),
            Map.entry("uint32_t", UINT), Map.entry("int32_t", INT), Map.entry("uint64_t", U64), Map.entry("int64_t", S64),
            Map.entry("size_t", ULONG), Map.entry("ssize_t", SLONG), Map.entry("uintptr_t", ULONG),
            Map.entry("loff_t", S64), Map.entry("pid_t", INT), Map.entry("uid_t", UINT), Map.entry("gid_t", UINT),
            Map.entry("dev_t", UINT), Map.entry("gfp_t", UINT), Map.entry("umode_t", new CType(16, false, false)),
            Map.entry("ino_t", ULONG), Map.entry("pgoff_t", ULONG), Map.entry("sector_t", U64),
            Map.entry("blkcnt_t", U64), Map.entry("time64_t", S64), Map.entry("ktime_t", S64),
            Map.entry("phys_addr_t", U64), Map.entry("dma_addr_t", U64), Map.entry("resource_size_t", U64));

    /**
     * The type a cast names ({@code unsigned long}, {@code u32}, {@code const void *}, {@code __u64}),
     * or null when dioscope does not know its width (a cast to it then changes nothing, as in
     * libtraceevent). Pointers are unsigned longs; {@code const}, {@code volatile} and {@code __force}-style
     * annotations are ignored; {@code enum X} is an int.
     */
    static CType named(String type) {
        String t = type.replaceAll("\\b(const|volatile|__force|__user|__iomem|__rcu|__percpu)\\b", " ").trim().replaceAll("\\s+", " ");
        if (t.endsWith("*")) return ULONG;
        if (t.startsWith("enum ")) return INT;
        if (t.startsWith("__") && (t.startsWith("__u") || t.startsWith("__s")) && NAMED.containsKey(t.substring(2))) {
            return NAMED.get(t.substring(2));
        }
        if (t.startsWith("signed ") && NAMED.containsKey(t.substring(7))) return NAMED.get(t.substring(7));
        if (t.endsWith(" int") && NAMED.containsKey(t.substring(0, t.length() - 4))) return NAMED.get(t.substring(0, t.length() - 4));
        return NAMED.get(t);
    }

    /** Whether a word can start or continue a type name (so that {@code (word)} is a cast). */
    static boolean isTypeWord(String word) {
        switch (word) {
            case "unsigned": case "signed": case "char": case "short": case "int": case "long": case "void":
            case "bool": case "_Bool": case "const": case "volatile": case "struct": case "enum": case "union":
            case "__force":
                return true;
            default:
                return NAMED.containsKey(word) || word.endsWith("_t")
                        || (word.startsWith("__") && NAMED.containsKey(word.substring(2)));
        }
    }

    /** The type of a field's value: its size and signedness ({@code bool} fields are plain bytes). */
    static CType ofField(FormatField f) {
        int size = f.size();
        int bits = size == 1 || size == 2 || size == 4 ? size * 8 : 64;
        return new CType(bits, f.signed(), false);
    }

    int width(int longBits) {
        return bits == LONG ? longBits : bits;
    }

    /** {@code v} converted to this type, then widened back to 64 bits (sign- or zero-extended). */
    long convert(long v, int longBits) {
        if (bool) return v != 0 ? 1 : 0;
        int w = width(longBits);
        if (w >= 64) return v;
        int shift = 64 - w;
        return signed ? (v << shift) >> shift : (v << shift) >>> shift;
    }

    /** C's integer promotion: anything narrower than int becomes int. */
    CType promoted(int longBits) {
        return width(longBits) < 32 ? INT : this;
    }

    /** The type of {@code a op b} for arithmetic: C's usual arithmetic conversions. */
    static CType common(CType a, CType b, int longBits) {
        CType x = a.promoted(longBits);
        CType y = b.promoted(longBits);
        int wx = x.width(longBits);
        int wy = y.width(longBits);
        if (x.signed == y.signed) return wx >= wy ? x : y;
        CType unsigned = x.signed ? y : x;
        CType signed = x.signed ? x : y;
        int wu = unsigned.width(longBits);
        int ws = signed.width(longBits);
        if (wu >= ws) return unsigned;
        return signed;
    }
}
