package io.dioscope.store;

import io.dioscope.ingest.ParseProblem;
import java.util.List;

/**
 * What loading one trace produced: the row written to {@code traces}, plus its first parse problems and
 * where the time went ({@code parseSeconds}: reading and parsing lines, {@code chunkSeconds}: copying
 * parsed batches into DuckDB's chunks, both summed over the scan threads; the rest of
 * {@code seconds} x threads is DuckDB storing the rows). {@code replacedTraceIds}: the traces with the
 * same content that a load with {@link LoadOptions.SameContent#REPLACE} deleted. {@code pageSize}: the
 * unit its page indexes were decoded in, and {@code pageSizeFrom} where it came from (traces.page_size_from);
 * {@code sidecarSkipped}: why a {@code dioscope record} sidecar beside it was not used, or null.
 */
public record LoadedTrace(
        int traceId,
        String path,
        String format,
        String compression,
        long fileBytes,
        String contentSha256,
        long textBytes,
        long lines,
        long events,
        long headerLines,
        long lossLines,
        long callChainLines,
        long unparsedLines,
        long overwrittenEvents,
        long lostEvents,
        int bufferWraps,
        boolean truncated,
        String truncation,
        long firstTs,
        long lastTs,
        double seconds,
        double parseSeconds,
        double chunkSeconds,
        List<ParseProblem> problems,
        List<Integer> replacedTraceIds,
        long pageSize,
        String pageSizeFrom,
        String sidecarSkipped) {

    /** No events lost or overwritten and the input read to its end. */
    public boolean complete() {
        return overwrittenEvents == 0 && lostEvents == 0 && bufferWraps == 0 && !truncated;
    }

    public double eventsPerSecond() {
        return seconds > 0 ? events / seconds : 0;
    }
}
