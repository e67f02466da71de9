package io.dioscope.store;

import io.dioscope.ingest.Ascii;
import io.dioscope.ingest.RowSink;
import io.dioscope.ingest.decode.EventField;
import io.dioscope.ingest.decode.Utf8;
import java.util.Arrays;

/**
 * Rows being collected for one DuckDB data chunk, column by column: numbers in primitive arrays
 * (a sentinel marks NULL), strings as references to interned or copied UTF-8 bytes.
 */
final class EventBatch implements RowSink {
    static final long NULL_LONG = Long.MIN_VALUE;
    static final int NULL_INT = Integer.MIN_VALUE;
    static final byte NULL_BOOL = -1;

    private static final EventField[] FIELDS = EventField.values();

    final int capacity;
    final long[][] longs = new long[FIELDS.length][];
    final int[][] ints = new int[FIELDS.length][];
    final byte[][] bools = new byte[FIELDS.length][];
    final byte[][][] strings = new byte[FIELDS.length][][];
    private int size;
    private int row = -1;

    EventBatch(int capacity) {
        this.capacity = capacity;
        for (EventField f : FIELDS) {
            int i = f.ordinal();
            switch (f.kind) {
                case LONG -> Arrays.fill(longs[i] = new long[capacity], NULL_LONG);
                case INT -> Arrays.fill(ints[i] = new int[capacity], NULL_INT);
                case BOOL -> Arrays.fill(bools[i] = new byte[capacity], NULL_BOOL);
                case SYMBOL, TEXT -> strings[i] = new byte[capacity][];
            }
        }
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** Empties the batch, resetting only the rows that were used. */
    void clear() {
        for (EventField f : FIELDS) {
            int i = f.ordinal();
            switch (f.kind) {
                case LONG -> Arrays.fill(longs[i], 0, size, NULL_LONG);
                case INT -> Arrays.fill(ints[i], 0, size, NULL_INT);
                case BOOL -> Arrays.fill(bools[i], 0, size, NULL_BOOL);
                case SYMBOL, TEXT -> Arrays.fill(strings[i], 0, size, null);
            }
        }
        size = 0;
        row = -1;
    }

    @Override
    public void beginRow() {
        row = size++;
    }

    /** Drops the row being filled (a line whose decoding failed half-way). */
    void abortRow() {
        if (row < 0 || row != size - 1) return;
        for (EventField f : FIELDS) {
            int i = f.ordinal();
            switch (f.kind) {
                case LONG -> longs[i][row] = NULL_LONG;
                case INT -> ints[i][row] = NULL_INT;
                case BOOL -> bools[i][row] = NULL_BOOL;
                case SYMBOL, TEXT -> strings[i][row] = null;
            }
        }
        size--;
        row = -1;
    }

    @Override
    public void setLong(EventField field, long value) {
        if (value != Ascii.NOT_A_NUMBER) longs[field.ordinal()][row] = value;
    }

    @Override
    public void setInt(EventField field, long value) {
        if (value != Ascii.NOT_A_NUMBER) ints[field.ordinal()][row] = (int) value;
    }

    @Override
    public void setBool(EventField field, long value) {
        if (value != Ascii.NOT_A_NUMBER) bools[field.ordinal()][row] = (byte) (value != 0 ? 1 : 0);
    }

    @Override
    public void setSymbol(EventField field, byte[] symbol) {
        if (symbol != null) strings[field.ordinal()][row] = symbol;
    }

    @Override
    public void setText(EventField field, byte[] b, int start, int end) {
        strings[field.ordinal()][row] = Utf8.sanitize(b, start, end);
    }
}
