package io.dioscope.store;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.RowSink;
import io.dioscope.ingest.decode.EventField;
import io.dioscope.bytes.Utf8;
import java.util.Arrays;

/**
 * Rows being collected for one DuckDB data chunk, column by column, in the layout DuckDB's vectors
 * use: numbers in primitive arrays beside a validity bitmap (bit {@code r} set when row {@code r} has
 * a value), strings as references to interned or copied UTF-8 bytes (null for NULL). Clearing a batch
 * clears only the bitmaps; values under a clear bit are never read.
 */
final class EventBatch implements RowSink {
    private static final EventField[] FIELDS = EventField.values();

    final int capacity;
    final long[][] longs = new long[FIELDS.length][];
    final int[][] ints = new int[FIELDS.length][];
    final byte[][] bools = new byte[FIELDS.length][];
    final byte[][][] strings = new byte[FIELDS.length][][];
    /** Per numeric column, the validity bitmap of its rows. */
    final long[][] valid = new long[FIELDS.length][];
    private int size;
    private int row = -1;

    EventBatch(int capacity) {
        this.capacity = capacity;
        int words = (capacity + 63) >>> 6;
        for (EventField f : FIELDS) {
            int i = f.ordinal();
            switch (f.kind) {
                case LONG -> longs[i] = new long[capacity];
                case INT -> ints[i] = new int[capacity];
                case BOOL -> bools[i] = new byte[capacity];
                case SYMBOL, TEXT -> strings[i] = new byte[capacity][];
            }
            if (strings[i] == null) valid[i] = new long[words];
        }
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Empties the batch. */
    void clear() {
        int words = (size + 63) >>> 6;
        for (int i = 0; i < FIELDS.length; i++) {
            if (valid[i] != null) Arrays.fill(valid[i], 0, words, 0L);
            else Arrays.fill(strings[i], 0, size, null);
        }
        size = 0;
        row = -1;
    }

    @Override
    public void beginRow() {
        row = size++;
    }

    /** Drops the row being filled (a line whose decoding failed half-way). */
    @Override
    public void abortRow() {
        if (row < 0 || row != size - 1) return;
        long bit = ~(1L << (row & 63));
        for (int i = 0; i < FIELDS.length; i++) {
            if (valid[i] != null) valid[i][row >>> 6] &= bit;
            else strings[i][row] = null;
        }
        size--;
        row = -1;
    }

    private void markValid(int column) {
        valid[column][row >>> 6] |= 1L << (row & 63);
    }

    @Override
    public void setLong(EventField field, long value) {
        if (value == Ascii.NOT_A_NUMBER) return;
        int c = field.ordinal();
        longs[c][row] = value;
        markValid(c);
    }

    @Override
    public void setInt(EventField field, long value) {
        if (value == Ascii.NOT_A_NUMBER) return;
        int c = field.ordinal();
        ints[c][row] = (int) value;
        markValid(c);
    }

    @Override
    public void setBool(EventField field, long value) {
        if (value == Ascii.NOT_A_NUMBER) return;
        int c = field.ordinal();
        bools[c][row] = (byte) (value != 0 ? 1 : 0);
        markValid(c);
    }

    @Override
    public void setSymbol(EventField field, byte[] symbol) {
        if (symbol != null) strings[field.ordinal()][row] = symbol;
    }

    @Override
    public void setText(EventField field, byte[] b, int start, int end) {
        strings[field.ordinal()][row] = Utf8.sanitize(b, start, end);
    }

    /** True when row {@code r} of numeric column {@code column} has a value. */
    boolean isValid(int column, int r) {
        return (valid[column][r >>> 6] & (1L << (r & 63))) != 0;
    }
}
