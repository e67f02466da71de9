package io.dioscope.ingest;

import io.dioscope.ingest.decode.EventRow;

/** Receives parsed events, one row at a time; the loader's columnar batch implements it. */
public interface RowSink extends EventRow {
    /** Starts a new row; every field is NULL until set. */
    void beginRow();

    /** Drops the row begun last (its line turned out to be a parse problem). */
    void abortRow();
}
