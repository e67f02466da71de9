package io.dioscope.ingest.decode;

import io.dioscope.bytes.Symbols;

/**
 * Where a decoder writes the fields of the current event. Values equal to
 * {@link io.dioscope.bytes.Ascii#NOT_A_NUMBER} and null symbols are ignored, so a field missing from
 * the line (an older kernel's format, say) stays NULL.
 */
public interface EventRow {
    void setLong(EventField field, long value);

    void setInt(EventField field, long value);

    void setBool(EventField field, long value);

    /** A low-cardinality string, already interned by {@link Symbols}. */
    void setSymbol(EventField field, byte[] symbol);

    /** Free text, copied from {@code b[start, end)}. */
    void setText(EventField field, byte[] b, int start, int end);
}
