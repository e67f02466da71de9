package io.dioscope.ingest.dat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds a record payload for a real format: each field's value at its offset, in a chosen byte order;
 * dynamic data ({@code __data_loc}, {@code __rel_loc}) after the fixed fields, as the kernel lays it out.
 */
final class PayloadBuilder {
    private final EventFormat format;
    private final boolean bigEndian;
    private byte[] fixed;
    private final ByteArrayOutputStream dynamic = new ByteArrayOutputStream();

    private PayloadBuilder(EventFormat format, boolean bigEndian) {
        this.format = format;
        this.bigEndian = bigEndian;
        int size = 0;
        for (FormatField f : format.fields()) size = Math.max(size, f.offset() + f.size());
        fixed = new byte[size];
        put(0, 2, format.id());
    }

    static PayloadBuilder of(EventFormat format) {
        return new PayloadBuilder(format, false);
    }

    static PayloadBuilder bigEndian(EventFormat format) {
        return new PayloadBuilder(format, true);
    }

    private FormatField field(String name) {
        FormatField f = format.field(name);
        if (f == null) throw new IllegalArgumentException(format + " has no field " + name);
        return f;
    }

    /** An integer field (or, for a fixed array, its first element size bytes). */
    PayloadBuilder set(String name, long value) {
        FormatField f = field(name);
        put(f.offset(), Math.min(f.size(), 8), value);
        return this;
    }

    /** A char array field: the text, NUL-terminated when there is room. */
    PayloadBuilder text(String name, String text) {
        return bytes(name, Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), text.length() + 1));
    }

    /** An array field's bytes: in place for a fixed array, after the fixed part for a dynamic or {@code []} one. */
    PayloadBuilder bytes(String name, byte[] data) {
        FormatField f = field(name);
        if (f.isDynamic()) {
            int at = fixed.length + dynamic.size();
            put(f.offset(), 4, (long) data.length << 16 | (f.relLoc() ? at - f.offset() - f.size() : at));
            dynamic.write(data, 0, data.length);
        } else if (f.size() == 0) {
            fixed = Arrays.copyOf(fixed, Math.max(fixed.length, f.offset() + data.length));
            System.arraycopy(data, 0, fixed, f.offset(), data.length);
        } else {
            System.arraycopy(data, 0, fixed, f.offset(), Math.min(data.length, f.size()));
        }
        return this;
    }

    /** Writes the raw 32-bit word of a dynamic field (to point it anywhere). */
    PayloadBuilder location(String name, int word) {
        put(field(name).offset(), 4, word & 0xffffffffL);
        return this;
    }

    byte[] build() {
        byte[] d = dynamic.toByteArray();
        byte[] all = Arrays.copyOf(fixed, fixed.length + d.length);
        System.arraycopy(d, 0, all, fixed.length, d.length);
        return all;
    }

    private void put(int off, int size, long v) {
        for (int i = 0; i < size; i++) fixed[off + (bigEndian ? size - 1 - i : i)] = (byte) (v >>> (8 * i));
    }

    /** The body {@code format} renders for {@code payload}. */
    static String render(EventFormat format, byte[] payload, RecordLayout layout) {
        TextOut out = new TextOut();
        format.render(payload, 0, payload.length, layout, out);
        return out.toString();
    }
}
