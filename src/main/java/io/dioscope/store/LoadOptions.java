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
 */
public record LoadOptions(TraceFormat format, boolean keepBody, int threads, int blockSize) {
    public static LoadOptions defaults() {
        return new LoadOptions(null, false, Runtime.getRuntime().availableProcessors(), LineBlockReader.DEFAULT_BLOCK_SIZE);
    }

    public LoadOptions withFormat(TraceFormat f) {
        return new LoadOptions(f, keepBody, threads, blockSize);
    }

    public LoadOptions withKeepBody(boolean keep) {
        return new LoadOptions(format, keep, threads, blockSize);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(format, keepBody, Math.max(1, n), blockSize);
    }
}
