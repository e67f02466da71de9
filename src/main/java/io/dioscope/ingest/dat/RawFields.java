package io.dioscope.ingest.dat;

import java.util.List;

/**
 * An event's fields as {@code name=value} pairs separated by spaces, as {@code trace-cmd report -R}
 * prints a record whose print fmt libtraceevent could not parse: what {@link EventFormat#render} writes
 * when the print fmt is not understood, so that nothing in the record is lost.
 *
 * <p>The {@code common_*} fields are left out (trace-cmd prints them in the line's prefix). A value is
 * printed as libtraceevent's raw field printer does: a char array that is printable text as text (to its
 * NUL), any other array as {@code ARRAY[0a, 0b]}; a pointer, and an unsigned {@code long}, in hex with
 * {@code 0x}; other unsigned numbers in decimal; signed ones in decimal (a signed 4-byte {@code long} in
 * hex). A field past the end of the record is {@code [truncated]}.
 */
final class RawFields {
    private RawFields() {}

    static void render(List<FormatField> fields, Payload p, TextOut out) {
        boolean first = true;
        for (FormatField f : fields) {
            if (f.isCommon()) continue;
            if (!first) out.append((byte) ' ');
            first = false;
            out.append(f.name()).append((byte) '=');
            value(f, p, out);
        }
    }

    private static void value(FormatField f, Payload p, TextOut out) {
        p.takeProblem();
        if (f.isArray()) {
            long packed = p.arrayBytes(f);
            if (packed >= 0) {
                int start = (int) (packed >>> 32);
                int len = (int) packed;
                if (f.isString() && printable(p, start, len)) {
                    p.appendCString(packed, out);
                } else {
                    out.append("ARRAY[");
                    for (int i = 0; i < len; i++) {
                        if (i > 0) out.append(", ");
                        int v = p.byteAt(start + i);
                        if (v < 16) out.append((byte) '0');
                        out.appendHex(v);
                    }
                    out.append((byte) ']');
                }
            }
            String problem = p.takeProblem();
            if (problem != null) out.append(problem);
            return;
        }
        long v = p.read(f.offset(), f.size(), false);
        String problem = p.takeProblem();
        if (problem != null) {
            out.append(problem);
        } else if (f.isPointer()) {
            out.append("0x").appendHex(v);
        } else if (f.signed()) {
            switch (f.size()) {
                case 4:
                    if (f.isLong()) out.append("0x").appendHex(v & 0xffffffffL);
                    else out.appendDecimal((int) v);
                    break;
                case 2: { // libtraceevent's "%2d"
                    int from = out.length();
                    out.appendDecimal((short) v);
                    out.pad(from, 2, false);
                    break;
                }
                case 1:
                    out.appendDecimal((byte) v);
                    break;
                default:
                    out.appendDecimal(v);
            }
        } else if (f.isLong()) {
            out.append("0x").appendHex(v);
        } else {
            out.appendUnsignedDecimal(v);
        }
    }

    /** libtraceevent's test: every byte before the first NUL is printable or white space. */
    private static boolean printable(Payload p, int start, int len) {
        for (int i = 0; i < len; i++) {
            int c = p.byteAt(start + i);
            if (c == 0) return true;
            if (!(c >= 0x20 && c < 0x7f) && !(c == ' ' || c >= 9 && c <= 13)) return false;
        }
        return true;
    }
}
