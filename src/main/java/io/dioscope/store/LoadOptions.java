package io.dioscope.store;

import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.TraceFormat;

/**
 * How to load traces.
 *
 * @param format    the input format, or null to detect it from the content
 * @param keepBody  keep the raw body text of typed events too (always kept for kprobes, blk lines and
 *                  uncatalogued events)
 * @param threads   parser threads (DuckDB threads running the scan)
 * @param blockSize bytes of text handed to a parser thread at a time
 * @param sameContent what to do with an input whose bytes are already loaded
 */
public record LoadOptions(TraceFormat format, boolean keepBody, int threads, int blockSize, SameContent sameContent) {
    /** An input whose size and SHA-256 match a trace already in the database. */
    public enum SameContent {
        /** Refuse it (a database is not merged with itself by accident). */
        REFUSE,
        /** Load it again as a new trace; both stay. */
        APPEND,
        /** Delete the trace(s) holding that content, then load it as a new trace. */
        REPLACE
    }

    public static LoadOptions defaults() {
        return new LoadOptions(null, false, Runtime.getRuntime().availableProcessors(),
                LineBlockReader.DEFAULT_BLOCK_SIZE, SameContent.REFUSE);
    }

    public LoadOptions withFormat(TraceFormat f) {
        return new LoadOptions(f, keepBody, threads, blockSize, sameContent);
    }

    public LoadOptions withKeepBody(boolean keep) {
        return new LoadOptions(format, keep, threads, blockSize, sameContent);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(format, keepBody, Math.max(1, n), blockSize, sameContent);
    }

    public LoadOptions withSameContent(SameContent s) {
        return new LoadOptions(format, keepBody, threads, blockSize, s);
    }
}
