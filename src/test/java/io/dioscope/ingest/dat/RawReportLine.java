package io.dioscope.ingest.dat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code trace-cmd report -R} line back into the record payload it was printed from.
 *
 * <p>libtraceevent's -R prints each non-common field as {@code " name=value"}: an array (or string) field
 * raw; any other field through the print fmt's conversion whose argument is that very field (casts
 * aside), looked for from the conversion after the last one used, wrapping around, with a {@code 0x}
 * written first when the format text before the conversion ends in {@code 0x}; a field no conversion
 * prints, raw (a pointer or unsigned long in hex, other numbers in decimal). This class reads the values
 * back the same way.
 */
final class RawReportLine {
    private static final Pattern LINE = Pattern.compile("^.*?\\[\\d+\\]\\s+[\\d.]+: ([^:\\s]+):(.*)$");

    private RawReportLine() {}

    static String eventName(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) throw new IllegalArgumentException("not a report line: " + line);
        return m.group(1);
    }

    /** What follows {@code "name:"} on the line, padding included. */
    static String body(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) throw new IllegalArgumentException("not a report line: " + line);
        return m.group(2);
    }

    static byte[] payload(EventFormat format, String rawBody, RecordLayout layout) {
        List<FormatField> fields = format.fields().stream().filter(f -> !f.isCommon()).toList();
        int fixed = 0;
        for (FormatField f : format.fields()) fixed = Math.max(fixed, f.offset() + f.size());
        byte[] b = new byte[fixed];
        ByteArrayOutputStream dynamic = new ByteArrayOutputStream();
        put(b, 0, 2, format.id());

        List<PrintFormat.Conversion> conversions = format.printFormat().conversions();
        int cursor = 0;
        int pos = 0;
        for (int k = 0; k < fields.size(); k++) {
            FormatField f = fields.get(k);
            String key = " " + f.name() + "=";
            int at = rawBody.indexOf(key, pos);
            if (at < 0) throw new IllegalArgumentException("no " + key + " in " + rawBody);
            int start = at + key.length();
            int end = k + 1 < fields.size() ? rawBody.indexOf(" " + fields.get(k + 1).name() + "=", start) : rawBody.length();
            String value = rawBody.substring(start, end);
            pos = end;

            PrintFormat.Conversion used = null;
            if (!f.isArray() && cursor >= 0) {
                for (int n = 0; n < conversions.size(); n++) {
                    int i = (cursor + n) % conversions.size();
                    PrintExpr arg = PointerText.unwrap(conversions.get(i).arg());
                    if (arg instanceof PrintExpr.FieldRef r && r.field() == f) {
                        used = conversions.get(i);
                        cursor = i + 1 < conversions.size() ? i + 1 : -1; // past the last: the rest print raw
                        break;
                    }
                }
            }
            if (f.isArray()) {
                b = array(f, value, b, dynamic);
            } else if (used != null) {
                put(b, f.offset(), f.size(), converted(used, value, layout));
            } else {
                put(b, f.offset(), f.size(), raw(f, value));
            }
        }
        byte[] d = dynamic.toByteArray();
        byte[] all = Arrays.copyOf(b, b.length + d.length);
        System.arraycopy(d, 0, all, b.length, d.length);
        return all;
    }

    private static long converted(PrintFormat.Conversion c, String value, RecordLayout layout) {
        String v = c.after0x() && value.startsWith("0x") ? value.substring(2) : value;
        switch (c.spec().conversion) {
            case 'd': case 'i': return Long.parseLong(v.strip());
            case 'u': return Long.parseUnsignedLong(v.strip());
            case 'x': case 'X': case 's': return Long.parseUnsignedLong(v.strip(), 16);
            case 'o': return Long.parseUnsignedLong(v.strip(), 8);
            case 'c': return v.charAt(0);
            case 'p': return pointer(c.spec().pointerKind, v);
            default: throw new IllegalArgumentException("conversion " + c.spec().conversion);
        }
    }

    private static final Map<String, Long> SYMBOLS = new HashMap<>();

    static {
        Kallsyms k = Formats618.kallsymsExcerpt();
        for (int i = 0; i < k.size(); i++) SYMBOLS.put(k.nameAt(i), k.addressAt(i));
    }

    /** {@code name}, {@code name+0x1f}, {@code 0xffff...}, {@code (nil)}: the address that prints so. */
    private static long pointer(String kind, String v) {
        if (v.equals("(nil)")) return 0;
        if (v.startsWith("0x")) return Long.parseUnsignedLong(v.substring(2), 16);
        int plus = v.indexOf("+0x");
        String name = plus < 0 ? v : v.substring(0, plus);
        Long base = SYMBOLS.get(name);
        if (base == null) throw new IllegalArgumentException("no symbol " + name + " in the kallsyms excerpt");
        return base + (plus < 0 ? 0 : Long.parseUnsignedLong(v.substring(plus + 3), 16));
    }

    private static long raw(FormatField f, String v) {
        v = v.strip();
        if (v.startsWith("0x")) return Long.parseUnsignedLong(v.substring(2), 16);
        return f.signed() ? Long.parseLong(v) : Long.parseUnsignedLong(v);
    }

    /** A string field's text (or ARRAY[..] bytes) into the field, or after the fixed part for dynamic and {@code []} arrays. */
    private static byte[] array(FormatField f, String value, byte[] b, ByteArrayOutputStream dynamic) {
        byte[] data;
        if (value.startsWith("ARRAY[")) {
            String[] hex = value.substring(6, value.length() - 1).split(", ");
            data = new byte[hex[0].isEmpty() ? 0 : hex.length];
            for (int i = 0; i < data.length; i++) data[i] = (byte) Integer.parseInt(hex[i], 16);
        } else {
            byte[] text = value.getBytes(StandardCharsets.ISO_8859_1);
            data = Arrays.copyOf(text, text.length + 1); // with its NUL
        }
        if (f.isDynamic()) {
            int at = b.length + dynamic.size();
            int word = data.length << 16 | (f.relLoc() ? at - f.offset() - f.size() : at);
            put(b, f.offset(), 4, word);
            dynamic.write(data, 0, data.length);
            return b;
        }
        if (f.size() == 0) { // char buf[]: the rest of the record
            byte[] grown = Arrays.copyOf(b, Math.max(b.length, f.offset() + data.length));
            System.arraycopy(data, 0, grown, f.offset(), data.length);
            return grown;
        }
        System.arraycopy(data, 0, b, f.offset(), Math.min(data.length, f.size()));
        return b;
    }

    /** Little-endian. */
    static void put(byte[] b, int off, int size, long v) {
        for (int i = 0; i < size; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
