package io.dioscope.fuzz;

import io.dioscope.ingest.RowSink;
import io.dioscope.ingest.decode.EventField;

/** A row sink for fuzzing: stores nothing, but fails on anything a real batch could not take. */
final class CheckingRow implements RowSink {
    int rows;

    @Override
    public void beginRow() {
        rows++;
    }

    @Override
    public void abortRow() {
        rows--;
    }

    @Override
    public void setLong(EventField field, long value) {}

    @Override
    public void setInt(EventField field, long value) {}

    @Override
    public void setBool(EventField field, long value) {}

    @Override
    public void setSymbol(EventField field, byte[] symbol) {}

    @Override
    public void setText(EventField field, byte[] b, int start, int end) {
        if (start < 0 || end < start || end > b.length) {
            throw new IllegalStateException(field + ": text range [" + start + ", " + end + ") outside " + b.length);
        }
    }
}
