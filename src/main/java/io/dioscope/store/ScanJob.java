package io.dioscope.store;

import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.ParseStats;
import io.dioscope.ingest.TraceFormat;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** One trace being scanned by {@link EventScanFunction}: where its blocks come from and where its stats go. */
final class ScanJob {
    final LineBlockReader reader;
    final TraceFormat format;
    final ParseStats stats;
    final boolean keepBody;
    final int threads;
    /** Lines longer than this are parse problems, not parsed (longer ones still are skipped by the reader). */
    final int maxLineBytes;
    /** The reader's {@link LineBlockReader#maxChainBytes()}: how long a call chain is kept in one block. */
    final int maxChainBytes;
    /** Where the parser threads put the call-chain frames, appended to event_callchains after the scan. */
    final CallChainRows callChains;
    /** The traced machine's page size: the unit of the trace's page indexes and folio orders. */
    final long pageSize;
    private final LongConsumer progress;
    /** Time the scan threads spent parsing, and copying batches into DuckDB's chunks (summed over threads). */
    final LongAdder parseNanos = new LongAdder();
    final LongAdder chunkNanos = new LongAdder();
    private LineBlock pending;

    ScanJob(LineBlockReader reader, LineBlock first, TraceFormat format, ParseStats stats, boolean keepBody,
            int threads, int maxLineBytes, CallChainRows callChains, long pageSize, LongConsumer progress) {
        this.pageSize = pageSize;
        this.maxLineBytes = maxLineBytes;
        this.maxChainBytes = reader.maxChainBytes();
        this.callChains = callChains;
        this.reader = reader;
        this.pending = first;
        this.format = format;
        this.stats = stats;
        this.keepBody = keepBody;
        this.threads = threads;
        this.progress = progress;
    }

    /** The next block of lines for whichever parser thread asks first; null when the trace is exhausted. */
    LineBlock nextBlock() {
        LineBlock b;
        synchronized (this) {
            b = pending;
            pending = null;
        }
        if (b == null) b = reader.next();
        if (b != null) progress.accept(b.inputOffset);
        return b;
    }
}
