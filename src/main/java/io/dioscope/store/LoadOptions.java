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
 * @param maxLineBytes the longest line read (default {@link LineBlockReader#DEFAULT_MAX_LINE_BYTES}, 64 KiB,
 *                  about a hundred times the longest event line a kernel prints): a longer line is skipped
 *                  without being buffered and counted as a parse problem ("line longer than N bytes,
 *                  skipped"); one longer than {@link LineBlockReader#MAX_SKIPPED_LINE_BYTES} (1 GiB, an
 *                  endless input such as {@code /dev/zero}) stops the read there, as a truncation
 * @param maxChainBytes how far a block of lines may grow to keep a perf event with its call chain
 *                  (default {@link LineBlockReader#DEFAULT_MAX_CHAIN_BYTES}, 1 MiB); the frames of a longer
 *                  chain past that point are parse problems
 */
public record LoadOptions(TraceFormat format, boolean keepBody, int threads, int blockSize, SameContent sameContent,
        int maxLineBytes, int maxChainBytes) {
    /** An input whose size and SHA-256 match a trace already in the database. */
    public enum SameContent {
        /** Refuse it (a database is not merged with itself by accident). */
        REFUSE,
        /** Load it again as a new trace; both stay. */
        APPEND,
        /** Delete the trace(s) holding that content, then load it as a new trace. */
        REPLACE
    }

    /** The options before {@code maxLineBytes} existed: lines up to the default length. */
    public LoadOptions(TraceFormat format, boolean keepBody, int threads, int blockSize, SameContent sameContent) {
        this(format, keepBody, threads, blockSize, sameContent, LineBlockReader.DEFAULT_MAX_LINE_BYTES);
    }

    /** The options before {@code maxChainBytes} existed: call chains up to the default size. */
    public LoadOptions(TraceFormat format, boolean keepBody, int threads, int blockSize, SameContent sameContent,
            int maxLineBytes) {
        this(format, keepBody, threads, blockSize, sameContent, maxLineBytes, LineBlockReader.DEFAULT_MAX_CHAIN_BYTES);
    }

    public static LoadOptions defaults() {
        return new LoadOptions(null, false, Runtime.getRuntime().availableProcessors(),
                LineBlockReader.DEFAULT_BLOCK_SIZE, SameContent.REFUSE, LineBlockReader.DEFAULT_MAX_LINE_BYTES,
                LineBlockReader.DEFAULT_MAX_CHAIN_BYTES);
    }

    public LoadOptions withFormat(TraceFormat f) {
        return new LoadOptions(f, keepBody, threads, blockSize, sameContent, maxLineBytes, maxChainBytes);
    }

    public LoadOptions withKeepBody(boolean keep) {
        return new LoadOptions(format, keep, threads, blockSize, sameContent, maxLineBytes, maxChainBytes);
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(format, keepBody, Math.max(1, n), blockSize, sameContent, maxLineBytes, maxChainBytes);
    }

    public LoadOptions withSameContent(SameContent s) {
        return new LoadOptions(format, keepBody, threads, blockSize, s, maxLineBytes, maxChainBytes);
    }

    /**
     * Lines longer than {@code bytes} are skipped and counted as parse problems (at least 256 bytes: an
     * event line is rarely longer than 300).
     */
    public LoadOptions withMaxLineBytes(int bytes) {
        if (bytes < 256) throw new IllegalArgumentException("the maximum line length must be at least 256 bytes, not " + bytes);
        return new LoadOptions(format, keepBody, threads, blockSize, sameContent, bytes, maxChainBytes);
    }

    /**
     * A perf event and its call chain are kept in one block of lines up to {@code bytes} (at least the block
     * size); the frames of a longer chain past that point are parse problems (tests: a small limit).
     */
    public LoadOptions withMaxChainBytes(int bytes) {
        return new LoadOptions(format, keepBody, threads, blockSize, sameContent, maxLineBytes, bytes);
    }

    /** A smaller block (tests: many blocks from a small trace). */
    public LoadOptions withBlockSize(int bytes) {
        return new LoadOptions(format, keepBody, threads, Math.max(64, bytes), sameContent, maxLineBytes, maxChainBytes);
    }
}
