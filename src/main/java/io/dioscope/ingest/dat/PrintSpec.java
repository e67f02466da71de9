package io.dioscope.ingest.dat;

/**
 * One printf conversion of a print fmt ({@code %08lx}, {@code %-16s}, {@code %.*s}, {@code %pS}) and
 * how it writes a value: C's printf rules for flags, width and precision; the length modifier decides
 * the width the value is cast to ({@code hh} 8 bits, {@code h} 16, none 32, {@code l}/{@code z} the
 * traced kernel's long, {@code ll} 64), so {@code %x} of -1 prints {@code ffffffff}.
 *
 * <p>For {@code %p}, the extension letters libtraceevent knows are part of the conversion
 * ({@code S s F f}, {@code M m} [{@code R F}], {@code I i} {@code 4 6 S}..., {@code U} [{@code L l B b}],
 * {@code h} [{@code C D N}]); any other letter after {@code %p} ({@code %pK}, {@code %px}) is left as
 * text after the pointer, as libtraceevent prints it.
 */
final class PrintSpec {
    final boolean left;
    final boolean plus;
    final boolean space;
    final boolean alt;
    final boolean zero;
    /** -1 when not given; {@link #FROM_ARG} for {@code *}. */
    final int width;
    final int precision;
    /** -2 hh, -1 h, 0 none, 1 l/z/t, 2 ll/L/j. */
    final int length;
    final char conversion;
    /** The letters after {@code p} that belong to the conversion ({@code "S"}, {@code "I4"}, {@code "ISpc"}); empty otherwise. */
    final String pointerKind;
    /** Index just after the conversion in the format text. */
    final int end;

    static final int FROM_ARG = -2;

    private PrintSpec(boolean left, boolean plus, boolean space, boolean alt, boolean zero, int width, int precision,
            int length, char conversion, String pointerKind, int end) {
        this.left = left;
        this.plus = plus;
        this.space = space;
        this.alt = alt;
        this.zero = zero;
        this.width = width;
        this.precision = precision;
        this.length = length;
        this.conversion = conversion;
        this.pointerKind = pointerKind;
        this.end = end;
    }

    /** Parses the conversion starting at the {@code %} at {@code start} of {@code fmt}. */
    static PrintSpec parse(byte[] fmt, int start) {
        int i = start + 1;
        boolean left = false, plus = false, space = false, alt = false, zero = false;
        for (; i < fmt.length; i++) {
            byte c = fmt[i];
            if (c == '-') left = true;
            else if (c == '+') plus = true;
            else if (c == ' ') space = true;
            else if (c == '#') alt = true;
            else if (c == '0') zero = true;
            else break;
        }
        int width = -1;
        if (i < fmt.length && fmt[i] == '*') {
            width = FROM_ARG;
            i++;
        } else {
            while (i < fmt.length && fmt[i] >= '0' && fmt[i] <= '9') width = Math.max(width, 0) * 10 + (fmt[i++] - '0');
        }
        int precision = -1;
        if (i < fmt.length && fmt[i] == '.') {
            i++;
            if (i < fmt.length && fmt[i] == '*') {
                precision = FROM_ARG;
                i++;
            } else {
                precision = 0;
                while (i < fmt.length && fmt[i] >= '0' && fmt[i] <= '9') precision = precision * 10 + (fmt[i++] - '0');
            }
        }
        int length = 0;
        while (i < fmt.length) {
            byte c = fmt[i];
            if (c == 'h') length = length < 0 ? -2 : -1;
            else if (c == 'l') length = length >= 1 ? 2 : 1;
            else if (c == 'L' || c == 'q' || c == 'j') length = 2;
            else if (c == 'z' || c == 'Z' || c == 't') length = 1;
            else break;
            i++;
        }
        if (i >= fmt.length) throw new PrintFormatException("conversion at the end of the format: '" + text(fmt, start, i) + "'");
        char conv = (char) fmt[i++];
        switch (conv) {
            case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': case 'c': case 's':
                return new PrintSpec(left, plus, space, alt, zero, width, precision, length, conv, "", i);
            case 'p': {
                // the kernel's %pb/%pbl (a bitmap as hex or as a list of ranges), which libtraceevent prints as a pointer
                if (at(fmt, i) == 'b') throw new PrintFormatException("conversion '" + text(fmt, start, i + 1) + "' (a bitmap) is not supported");
                int n = pointerLetters(fmt, i);
                return new PrintSpec(left, plus, space, alt, zero, width, precision, length, conv, text(fmt, i, i + n), i + n);
            }
            default:
                throw new PrintFormatException("conversion '" + text(fmt, start, i) + "' is not supported");
        }
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.min(to, b.length) - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static char at(byte[] b, int i) {
        return i < b.length ? (char) b[i] : 0;
    }

    /** How many letters after {@code %p} at {@code i} are part of the conversion (libtraceevent's rules). */
    private static int pointerLetters(byte[] f, int i) {
        char c = at(f, i);
        switch (c) {
            case 'F': case 'f': case 'S': case 's':
                return 1;
            case 'M': case 'm':
                return at(f, i + 1) == 'R' || at(f, i + 1) == 'F' ? 2 : 1;
            case 'U':
                return "LlBb".indexOf(at(f, i + 1)) >= 0 ? 2 : 1;
            case 'h':
                return "CDN".indexOf(at(f, i + 1)) >= 0 ? 2 : 1;
            case 'I': case 'i': {
                char v = at(f, i + 1);
                int n = 2;
                if (v == '4') return "hnbl".indexOf(at(f, i + 2)) >= 0 ? 3 : 2;
                if (v == '6') return at(f, i + 2) == 'c' ? 3 : 2;
                if (v == 'S') {
                    while ("pcfs".indexOf(at(f, i + n)) >= 0) n++;
                    return "hnbl".indexOf(at(f, i + n)) >= 0 ? n + 1 : n;
                }
                return 0; // %pI alone: a plain pointer followed by the letter I
            }
            default:
                return 0;
        }
    }

    boolean isNumber() {
        return conversion != 's' && conversion != 'p';
    }

    /** Bits the length modifier casts a value to. */
    int bits(int longBits) {
        switch (length) {
            case -2: return 8;
            case -1: return 16;
            case 1: return longBits;
            case 2: return 64;
            default: return 32;
        }
    }

    /**
     * Writes {@code v} as this integer conversion does ({@code d i u x X o c}), padded to {@code width}
     * (the value of {@code *} when the format asked for it) and with {@code precision} digits at least.
     */
    void appendNumber(long v, int width, int precision, int longBits, TextOut out) {
        int from = out.length();
        if (conversion == 'c') {
            out.append((byte) v);
            out.pad(from, width, left);
            return;
        }
        int bits = bits(longBits);
        boolean signedConv = conversion == 'd' || conversion == 'i';
        int shift = 64 - bits;
        v = shift == 0 ? v : signedConv ? (v << shift) >> shift : (v << shift) >>> shift;
        int base = conversion == 'x' || conversion == 'X' ? 16 : conversion == 'o' ? 8 : 10;
        boolean negative = signedConv && v < 0;
        long magnitude = negative ? -v : v; // -MIN_VALUE stays MIN_VALUE, which as unsigned is its magnitude
        String prefix = negative ? "-" : signedConv && plus ? "+" : signedConv && space ? " " : "";
        if (alt && base == 16 && v != 0) prefix = conversion == 'X' ? "0X" : "0x";
        int digits = precision == 0 && v == 0 ? 0 : TextOut.digitCount(magnitude, base);
        int zeros = Math.max(0, precision - digits);
        if (alt && base == 8 && zeros == 0 && (digits == 0 || v != 0)) zeros = 1;
        if (zero && !left && precision < 0) zeros = Math.max(zeros, width - prefix.length() - digits);
        out.append(prefix);
        out.repeat((byte) '0', zeros);
        if (digits > 0) out.appendUnsigned(magnitude, base, conversion == 'X');
        out.pad(from, width, left);
    }

    /** Pads text written since {@code from} to the width, and cuts it to the precision first ({@code %s}). */
    void finishText(int from, int width, int precision, TextOut out) {
        if (precision >= 0) out.truncate(from + precision);
        out.pad(from, width, left);
    }
}
