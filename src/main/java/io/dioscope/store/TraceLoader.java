package io.dioscope.store;

import io.dioscope.ingest.FormatDetector;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.ParseProblem;
import io.dioscope.ingest.ParseStats;
import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceFormat;
import io.dioscope.ingest.TraceInputException;
import io.dioscope.ingest.TraceLoss;
import io.dioscope.ingest.dat.DatTextStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads one trace into the database: detects its format, runs the parallel scan into {@code events},
 * appends the call chains perf printed under them to {@code event_callchains}, and records what the
 * trace said about itself in {@code traces}, {@code trace_losses} and {@code parse_problems}, all in
 * one transaction. An input whose bytes (size and SHA-256, computed
 * while it is read) match a trace already loaded is refused, appended or replaces it, as
 * {@link LoadOptions#sameContent()} says.
 */
public final class TraceLoader {
    private final Database db;
    private final LoadOptions options;
    private final long callChainMemoryBytes;

    public TraceLoader(Database db, LoadOptions options) {
        this(db, options, CallChainRows.DEFAULT_MEMORY_BYTES);
    }

    /** {@code callChainMemoryBytes}: call-chain frames held in memory before they go to a temporary file (tests: 0). */
    TraceLoader(Database db, LoadOptions options, long callChainMemoryBytes) {
        this.db = db;
        this.options = options;
        this.callChainMemoryBytes = callChainMemoryBytes;
    }

    /**
     * Loads {@code path} as a new trace, or refuses it: unreadable, not a trace, without a single event,
     * or (unless told otherwise) with the same bytes as a trace already loaded. Whatever is refused
     * leaves the database as it was.
     */
    public LoadedTrace load(Path path, ProgressListener progress)
            throws TraceInputException, DuplicateTraceException, SQLException {
        return load(path, progress, null);
    }

    /**
     * Loads {@code path} as one input of a batch ({@code slot}: its trace id, connection and turn), or alone
     * with the next free trace id on the database's connection when {@code slot} is null. A load in a batch
     * stores its events in its own transaction while the others do, then waits for its turn to check for
     * same content and commit; the caller marks the slot finished whatever happened.
     */
    public LoadedTrace load(Path path, ProgressListener progress, LoadSlot slot)
            throws TraceInputException, DuplicateTraceException, SQLException {
        long started = System.nanoTime();
        TraceFile file = TraceFile.open(path);
        RecordingSidecar.Found sidecar = RecordingSidecar.beside(path);
        long pageSize;
        String pageSizeFrom;
        if (sidecar.sidecar() != null) {
            pageSize = sidecar.sidecar().pageSize();
            pageSizeFrom = "recording";
        } else if (file.pageSize() != null) {
            pageSize = file.pageSize();
            pageSizeFrom = "trace.dat";
        } else {
            pageSize = io.dioscope.ingest.decode.BodyCursor.DEFAULT_PAGE_SIZE;
            pageSizeFrom = "assumed";
        }
        ParseStats stats = new ParseStats();
        String overlong = overlongReason(options.maxLineBytes());
        try (LineBlockReader reader = new LineBlockReader(file.text(), options.blockSize(), options.maxLineBytes(),
                options.maxChainBytes(), file::position, (line, head, n, length) -> stats.unparsed(line, head, 0, n, overlong));
                CallChainRows callChains = new CallChainRows(callChainMemoryBytes)) {
            LineBlock first = reader.next();
            if (first == null) {
                if (reader.failure() != null) {
                    throw new TraceInputException(path + ": cannot be read (" + TraceFile.message(reader.failure()) + ")");
                }
                if (reader.linesRead() > 0) {
                    throw new TraceInputException(path + ": has no events (" + reader.linesRead() + " line(s), "
                            + reader.skippedLines() + " of them longer than " + options.maxLineBytes() + " bytes)");
                }
                throw new TraceInputException(path + ": is empty");
            }
            // a trace.dat arrives as the trace-cmd report text it renders, blktrace's binary files as
            // blkparse's text, whatever --input-format says
            TraceFormat format = file.renderedAs() != null ? file.renderedAs()
                    : options.format() != null ? options.format() : FormatDetector.detect(path, first);
            progress.start(path.getFileName().toString(), Math.max(0, file.size()));
            ScanJob job = new ScanJob(reader, first, format, stats, options.keepBody(), options.threads(),
                    options.maxLineBytes(), callChains, pageSize, progress::advance);
            long jobId = EventScanFunction.register(job);
            Connection c = slot == null ? db.connection() : slot.connection();
            // a load on a connection of its own cannot see what the loads before it committed since it
            // began: their traces are looked up, and replaced, on the database's connection
            boolean ownConnection = c != db.connection();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int traceId = slot == null ? db.nextTraceId() : slot.traceId();
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO events BY NAME SELECT " + traceId + "::INTEGER AS trace_id, * FROM "
                            + EventScanFunction.NAME + "(" + jobId + ")");
                }
                if (stats.events() == 0) {
                    throw new TraceInputException(path + ": has no events (" + reader.linesRead()
                            + " line(s), none of them an event)" + (reader.failure() != null
                                    ? ": " + TraceFile.message(reader.failure()) : ""));
                }
                if (slot != null) slot.awaitTurn();
                // the content is known only once it has been read: a duplicate is found here and rolled back
                String sha256 = file.sha256Hex();
                List<Integer> replaced = sameContent(db.connection(), path, file.position(), sha256);
                if (!ownConnection) deleteTraces(c, replaced);
                callChains.appendTo(c.unwrap(org.duckdb.DuckDBConnection.class), traceId);
                LoadedTrace loaded = describe(traceId, path, file, sha256, replaced, reader, format, stats, job,
                        started, pageSizeFrom, sidecar.skipped());
                record(c, loaded, stats);
                if (sidecar.sidecar() != null) sidecar.sidecar().insert(c, traceId);
                c.commit();
                if (ownConnection) deleteReplaced(replaced);
                return loaded;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
                EventScanFunction.unregister(jobId);
                progress.finish();
            }
        } catch (IOException e) {
            throw new TraceInputException(path + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Applies {@link LoadOptions#sameContent()} to the traces already holding these bytes: refuses the
     * input, or returns the ids of those it replaces, or keeps them (none).
     */
    private List<Integer> sameContent(Connection c, Path path, long bytes, String sha256)
            throws SQLException, DuplicateTraceException {
        if (options.sameContent() == LoadOptions.SameContent.APPEND) return List.of();
        List<Integer> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT trace_id, path FROM traces "
                + "WHERE file_bytes = ? AND content_sha256 = ? ORDER BY trace_id")) {
            ps.setLong(1, bytes);
            ps.setString(2, sha256);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (options.sameContent() == LoadOptions.SameContent.REFUSE) {
                        throw new DuplicateTraceException(path.toString(), rs.getInt(1), rs.getString(2));
                    }
                    ids.add(rs.getInt(1));
                }
            }
        }
        return List.copyOf(ids);
    }

    /** After a parallel load committed: the traces it replaces go, in one transaction of their own. */
    private void deleteReplaced(List<Integer> ids) throws SQLException {
        if (ids.isEmpty()) return;
        Connection main = db.connection();
        main.setAutoCommit(false);
        try {
            deleteTraces(main, ids);
            main.commit();
        } catch (SQLException e) {
            main.rollback();
            throw e;
        } finally {
            main.setAutoCommit(true);
        }
    }

    private static void deleteTraces(Connection c, List<Integer> ids) throws SQLException {
        for (int id : ids) {
            for (String table : TRACE_TABLES) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE trace_id = ?")) {
                    ps.setInt(1, id);
                    ps.execute();
                }
            }
        }
    }

    /** The tables whose rows belong to one trace (the model's tables are rebuilt by each analysis). */
    private static final List<String> TRACE_TABLES = List.of("events", "event_callchains", "trace_losses",
            "parse_problems", "trace_meta", "trace_mounts", "trace_files", "traces");

    private LoadedTrace describe(int traceId, Path path, TraceFile file, String sha256, List<Integer> replaced,
            LineBlockReader reader, TraceFormat format, ParseStats stats, ScanJob job, long started,
            String pageSizeFrom, String sidecarSkipped) {
        long lines = reader.linesRead();
        String truncation = null;
        if (reader.failure() instanceof DatTextStream.IncompleteDatException) {
            truncation = reader.failure().getMessage();
        } else if (reader.failure() != null) {
            String why = TraceFile.message(reader.failure());
            truncation = file.compression().label()
                    + (reader.failure() instanceof java.io.EOFException ? " stream ended early after line "
                            : " stream damaged after line ") + lines + " (" + why + "): the rest of the file is not in the trace";
        } else if (reader.lastLineUnterminated()) {
            truncation = "line " + lines + " has no newline: the file was probably cut short";
        }
        int wraps = stats.bufferWraps();
        String formatLabel = file.container() != null ? file.container() : format.label();
        return new LoadedTrace(traceId, path.toString(), formatLabel, file.compression().label(),
                file.position(), sha256, reader.bytesRead(), lines, stats.events(), stats.headerLines(), stats.losses().size(),
                stats.callChainFrames(), stats.unparsedLines(), stats.overwritten(), stats.lostByMarkers(), wraps, truncation != null,
                truncation, stats.firstTs(), stats.lastTs(), (System.nanoTime() - started) / 1e9,
                job.parseNanos.sum() / 1e9, job.chunkNanos.sum() / 1e9, stats.problems(), replaced, job.pageSize,
                pageSizeFrom, sidecarSkipped);
    }

    /** The reason recorded for a line longer than the maximum. */
    static String overlongReason(int maxLineBytes) {
        return "line longer than " + maxLineBytes + " bytes, skipped";
    }

    private void record(Connection c, LoadedTrace t, ParseStats stats) throws SQLException {
        // columns named: in a database from before content_sha256 or callchain_lines, those come last
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO traces (trace_id, path, format, compression, "
                + "file_bytes, content_sha256, text_bytes, lines, events, header_lines, loss_lines, callchain_lines, "
                + "unparsed_lines, tracer, cpus, entries_in_buffer, entries_written, overwritten_events, lost_events, "
                + "buffer_wraps, truncated, truncation, first_ts, last_ts, complete, load_seconds, loaded_at, page_size, "
                + "page_size_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setInt(i++, t.traceId());
            ps.setString(i++, t.path());
            ps.setString(i++, t.format());
            ps.setString(i++, t.compression());
            ps.setLong(i++, t.fileBytes());
            ps.setString(i++, t.contentSha256());
            ps.setLong(i++, t.textBytes());
            ps.setLong(i++, t.lines());
            ps.setLong(i++, t.events());
            ps.setLong(i++, t.headerLines());
            ps.setLong(i++, t.lossLines());
            ps.setLong(i++, t.callChainLines());
            ps.setLong(i++, t.unparsedLines());
            ps.setString(i++, stats.tracer());
            setIntOrNull(ps, i++, stats.cpus());
            setLongOrNull(ps, i++, stats.entriesInBuffer());
            setLongOrNull(ps, i++, stats.entriesWritten());
            ps.setLong(i++, t.overwrittenEvents()); // ParseStats.UNKNOWN_COUNT: some, how many unknown
            ps.setLong(i++, t.lostEvents());
            ps.setInt(i++, t.bufferWraps());
            ps.setBoolean(i++, t.truncated());
            ps.setString(i++, t.truncation());
            setLongOrNull(ps, i++, t.firstTs());
            setLongOrNull(ps, i++, t.lastTs());
            ps.setBoolean(i++, t.complete());
            ps.setDouble(i++, t.seconds());
            ps.setTimestamp(i++, Timestamp.from(Instant.now()));
            ps.setLong(i++, t.pageSize());
            ps.setString(i++, t.pageSizeFrom());
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trace_losses VALUES (?, ?, ?, ?)")) {
            for (TraceLoss l : stats.losses()) {
                ps.setInt(1, t.traceId());
                ps.setLong(2, l.line());
                ps.setInt(3, l.cpu());
                ps.setLong(4, l.count());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO parse_problems VALUES (?, ?, ?, ?)")) {
            for (ParseProblem p : t.problems()) {
                ps.setInt(1, t.traceId());
                ps.setLong(2, p.line());
                ps.setString(3, p.text());
                ps.setString(4, p.reason());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setLongOrNull(PreparedStatement ps, int i, long v) throws SQLException {
        if (v < 0) ps.setNull(i, java.sql.Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static void setIntOrNull(PreparedStatement ps, int i, int v) throws SQLException {
        if (v < 0) ps.setNull(i, java.sql.Types.INTEGER);
        else ps.setInt(i, v);
    }
}
