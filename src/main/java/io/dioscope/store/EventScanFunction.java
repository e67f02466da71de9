package io.dioscope.store;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineParser;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventField;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkWriter;
import org.duckdb.DuckDBTableFunction;
import org.duckdb.DuckDBTableFunctionBindInfo;
import org.duckdb.DuckDBTableFunctionCallInfo;
import org.duckdb.DuckDBTableFunctionInitInfo;

/**
 * {@code dioscope_scan(job)}: a DuckDB table function that parses a trace into event rows.
 *
 * <p>DuckDB runs it on several of its own threads at once; each takes the next block of lines from
 * the job, parses it into a columnar batch and hands DuckDB a full data chunk. Parsing and DuckDB's
 * insertion thus run side by side on every core, with no row-at-a-time appender in between, and
 * {@code INSERT INTO events SELECT ... FROM dioscope_scan(...)} is the whole load of the events. The
 * call-chain frames under perf's events are not rows of this function: each thread hands them to the
 * job's {@link CallChainRows}, appended to {@code event_callchains} once the scan is over.
 */
final class EventScanFunction implements DuckDBTableFunction<ScanJob, ScanJob, EventScanFunction.LocalScan> {
    static final String NAME = "dioscope_scan";

    private static final Map<Long, ScanJob> JOBS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);

    static long register(ScanJob job) {
        long id = NEXT_ID.getAndIncrement();
        JOBS.put(id, job);
        return id;
    }

    static void unregister(long id) {
        JOBS.remove(id);
    }

    @Override
    public ScanJob bind(DuckDBTableFunctionBindInfo info) {
        long id = info.getParameter(0).getLong();
        ScanJob job = JOBS.get(id);
        if (job == null) throw new IllegalArgumentException("no dioscope scan job " + id);
        for (EventField f : EventField.values()) info.addResultColumn(f.column, columnType(f));
        return job;
    }

    private static DuckDBColumnType columnType(EventField f) {
        return switch (f.kind) {
            case LONG -> DuckDBColumnType.BIGINT;
            case INT -> DuckDBColumnType.INTEGER;
            case BOOL -> DuckDBColumnType.BOOLEAN;
            case SYMBOL, TEXT -> DuckDBColumnType.VARCHAR;
        };
    }

    @Override
    public ScanJob init(DuckDBTableFunctionInitInfo info) {
        ScanJob job = info.getBindData();
        info.setMaxThreads(job.threads);
        return job;
    }

    @Override
    public LocalScan localInit(DuckDBTableFunctionInitInfo info) {
        return new LocalScan(info.getBindData());
    }

    @Override
    public long apply(DuckDBTableFunctionCallInfo call, DuckDBDataChunkWriter out) {
        LocalScan local = call.getLocalInitData();
        return local.fill(out);
    }

    /** One DuckDB thread's share of the scan: its parser, its batch, and the block it is in. */
    static final class LocalScan {
        private final ScanJob job;
        private final LineParser parser;
        private final CallChainRows.Sink chains;
        private EventBatch batch;
        private ChunkWriter writer;
        private LineBlock block;
        private int pos;
        private long line;
        private boolean done;

        LocalScan(ScanJob job) {
            this.job = job;
            this.chains = job.callChains.newSink();
            this.parser = new LineParser(job.format, EventCatalog.standard(), job.stats, job.keepBody, chains);
            parser.pageSize(job.pageSize);
        }

        long fill(DuckDBDataChunkWriter out) {
            if (done) return 0;
            if (batch == null) {
                int capacity = (int) out.capacity();
                batch = new EventBatch(capacity);
                writer = new ChunkWriter(capacity);
            }
            batch.clear();
            long t0 = System.nanoTime();
            while (!batch.isFull()) {
                if (block == null || pos >= block.length) {
                    block = job.nextBlock();
                    if (block == null) break;
                    pos = 0;
                    line = block.firstLine;
                    parser.startBlock(block, job.maxChainBytes);
                }
                parseUntilFull();
            }
            int n = batch.size();
            long t1 = System.nanoTime();
            writer.write(batch, out);
            job.parseNanos.add(t1 - t0);
            job.chunkNanos.add(System.nanoTime() - t1);
            if (n == 0) {
                done = true;
                parser.flushCounts();
                chains.flush();
            }
            return n;
        }

        private void parseUntilFull() {
            byte[] b = block.data;
            int end = block.length;
            while (pos < end && !batch.isFull()) {
                int nl = Ascii.indexOf(b, pos, end, (byte) '\n');
                int lineEnd = nl < 0 ? end : nl;
                int rowsBefore = batch.size();
                if (lineEnd - pos > job.maxLineBytes) {
                    job.stats.unparsed(line, b, pos, lineEnd, TraceLoader.overlongReason(job.maxLineBytes));
                    parser.skipped(line);
                    pos = lineEnd + 1;
                    line++;
                    continue;
                }
                try {
                    parser.parse(b, pos, lineEnd, line, batch);
                } catch (java.io.UncheckedIOException e) {
                    throw e; // the call chains' temporary file cannot be written: the load fails, not the line
                } catch (RuntimeException e) {
                    // a decoder bug must cost one line, not the load: the line is reported as unparsed
                    if (batch.size() > rowsBefore) batch.abortRow();
                    job.stats.unparsed(line, b, pos, lineEnd, "internal error: " + e);
                }
                pos = lineEnd + 1;
                line++;
            }
        }
    }
}
