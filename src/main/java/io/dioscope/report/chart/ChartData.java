package io.dioscope.report.chart;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/** What the charts draw, read from the model tables (dio_windows, file_events, ...). */
public final class ChartData implements AutoCloseable {
    /** A direct-I/O window as a rectangle: time across, file offsets up; {@code read}: a direct read's (else a write's, or one of unknown direction). */
    public record WindowBox(long windowId, boolean read, long pos, long endPos, long beginTs, long endTs,
            boolean found) {}

    /** One access to a file range, drawn as a marker. */
    public record Access(long line, long ts, int pid, String comm, AccessKind kind, long pos, long len) {}

    /** A folio's stay in the cache (from page_cache_residency); null times mean before/after the trace. */
    public record Residency(long pos, long endPos, Long addedTs, Long removedTs) {}

    /**
     * What the charts of one report read once, whichever of its threads (each on a connection of its own)
     * asks first: a file's windows, which its race map and each of its zooms draw (the fio trace's file has
     * 40,747). A thread that asks while another reads them waits for that read.
     */
    public static final class Shared {
        private final ConcurrentHashMap<FileKey, CompletableFuture<List<WindowBox>>> fileWindows = new ConcurrentHashMap<>();
    }

    private final Connection c;
    private final Shared shared;
    /** Each query is planned once: planning costs DuckDB more than running these small lookups. */
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    /** A file's overlapping begins, read once for all its zooms; the rest is read per window, by statements planned once. */
    private final Map<FileKey, List<Access>> fileOverlaps = new HashMap<>();
    private final Map<Integer, Boolean> tracesWithBlockRequests = new HashMap<>();
    /** Reads {@link #keepAccesses} kept, the latest first, at most {@link #KEPT}. */
    private final java.util.Deque<Span> keptAccesses = new java.util.ArrayDeque<>();
    private final List<Span> keptDirectIo = new ArrayList<>();
    private static final int KEPT = 4;

    /** A file of a trace. Not a record: a record's equals goes through method handles, slow until compiled. */
    private static final class FileKey {
        private final int trace;
        private final String dev;
        private final long ino;

        FileKey(int trace, String dev, long ino) {
            this.trace = trace;
            this.dev = dev;
            this.ino = ino;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FileKey k && k.trace == trace && k.ino == ino && k.dev.equals(dev);
        }

        @Override
        public int hashCode() {
            return (31 * trace + dev.hashCode()) * 31 + Long.hashCode(ino);
        }
    }

    public ChartData(Connection c) {
        this(c, new Shared());
    }

    /** Charts' data read on {@code c}, sharing what is read once per report with the other threads' {@code shared}. */
    public ChartData(Connection c, Shared shared) {
        this.c = c;
        this.shared = shared;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : prepared.values()) ps.close();
        prepared.clear();
    }

    /** Windows of a file that overlap the time range [t0, t1] (the whole trace when null). */
    public List<WindowBox> windows(int trace, String dev, long ino, Long t0, Long t1) throws SQLException {
        List<WindowBox> all = fileWindows(new FileKey(trace, dev, ino));
        long from = from(t0);
        long to = to(t1);
        return all.stream().filter(w -> w.endTs() >= from && w.beginTs() <= to).toList();
    }

    /** A file's windows, from the report's {@link Shared} reads: read here if no thread has read them or is reading them. */
    private List<WindowBox> fileWindows(FileKey key) throws SQLException {
        CompletableFuture<List<WindowBox>> mine = new CompletableFuture<>();
        CompletableFuture<List<WindowBox>> read = shared.fileWindows.putIfAbsent(key, mine);
        if (read == null) {
            try {
                mine.complete(java.util.Collections.unmodifiableList(allWindows(key.trace, key.dev, key.ino)));
            } catch (SQLException | RuntimeException e) {
                // not kept: the next to ask reads again, and says why it cannot
                shared.fileWindows.remove(key, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            read = mine;
        }
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) throw new SQLException(sql.getMessage(), sql);
            throw e;
        }
    }

    private List<WindowBox> allWindows(int trace, String dev, long ino) throws SQLException {
        // the direction as a boolean: a file's windows are tens of thousands (generic/209: 18,344), and decoding
        // a string for each was a good part of reading them
        return rows("SELECT window_id, direction = 'read', pos, end_pos, begin_ts, end_ts, "
                + "window_id IN (SELECT window_id FROM findings) FROM dio_windows "
                + "WHERE trace_id = ? AND dev = ? AND ino = ? "
                // a fallback is drawn too: the buffered write it became is what the chart explains
                + "AND (submitted(outcome) OR outcome = 'fallback') ORDER BY begin_ts, window_id",
                rs -> new WindowBox(rs.getLong(1), rs.getBoolean(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getBoolean(7)),
                trace, dev, ino);
    }

    /**
     * An access drawn inside the window it raced (a window's own begin, for overlapping direct writes): what
     * a race map needs of it, its kind, time and first byte.
     */
    public record Mark(long windowId, AccessKind kind, long ts, long pos) {}

    /**
     * Every conflicting access to a file (inside a window, on its range) but the cache's removals, with its window; an access
     * inside two windows is one mark in each, in the order of the trace's lines. With them, the begin of every direct write
     * that began over another in flight (the overlapping-dio-writes findings), in its own window.
     */
    public List<Mark> marks(int trace, String dev, long ino) throws SQLException {
        // a race map reads tens of thousands (the captured read-vs-mmap race: 38,145): no strings, whose
        // decoding was most of reading them, the kind as its place in AccessKind.values()
        AccessKind[] kinds = AccessKind.values();
        StringBuilder names = new StringBuilder();
        for (AccessKind k : kinds) names.append(names.length() > 0 ? "," : "").append(k.kind);
        // no removals: the race map draws what raced a window, and a write's own invalidation is most of them
        List<Mark> out = new ArrayList<>(rows("SELECT window_id, list_position(string_split(?, ','), kind), ts, pos "
                + "FROM window_conflicts WHERE trace_id = ? AND dev = ? AND ino = ? AND in_range AND kind <> ? "
                + "ORDER BY line, window_id",
                rs -> {
                    int k = rs.getInt(2);
                    // 0: a kind the charts do not draw (NULL reads as 0)
                    return k == 0 ? null : new Mark(rs.getLong(1), kinds[k - 1], rs.getLong(3), rs.getLong(4));
                }, names.toString(), trace, dev, ino, AccessKind.CACHE_REMOVE.kind));
        out.addAll(rows("SELECT w.window_id, w.begin_ts, w.pos FROM findings f JOIN dio_windows w USING (window_id) "
                + "WHERE f.rule = 'overlapping-dio-writes' AND w.trace_id = ? AND w.dev = ? AND w.ino = ? ORDER BY w.begin_line",
                rs -> new Mark(rs.getLong(1), AccessKind.OTHER_DIRECT_WRITE, rs.getLong(2), rs.getLong(3)), trace, dev, ino));
        return out;
    }

    /** Every access to a file in the time range, whether inside a window or not, in the order of the trace's lines. */
    public List<Access> accesses(int trace, String dev, long ino, long t0, long t1) throws SQLException {
        FileKey file = new FileKey(trace, dev, ino);
        for (Span kept : keptAccesses) {
            if (kept.key().equals(file) && kept.covers(t0, t1)) return kept.within(t0, t1);
        }
        return rows("SELECT line, ts, pid, comm, kind, pos, len FROM file_events "
                + "WHERE trace_id = ? AND dev = ? AND ino = ? AND ts >= ? AND ts <= ? ORDER BY line", ChartData::access,
                trace, dev, ino, t0, t1);
    }

    /**
     * Reads the accesses to a file in [t0, t1] once, for the charts that ask for parts of them after ({@link #accesses},
     * {@link #taskEvents}): a window's zoom and task timeline read the same events, the timeline over a little more
     * time. The {@link #KEPT} latest reads are kept.
     */
    public void keepAccesses(int trace, String dev, long ino, long t0, long t1) throws SQLException {
        Span span = new Span(new FileKey(trace, dev, ino), t0, t1, accesses(trace, dev, ino, t0, t1));
        keptAccesses.addFirst(span);
        if (keptAccesses.size() > KEPT) keptAccesses.removeLast();
    }

    /** Begins of direct writes that began while another direct write to overlapping bytes was in flight. */
    public List<Access> overlappingBegins(int trace, String dev, long ino, Long t0, Long t1) throws SQLException {
        List<Access> all = memo(fileOverlaps, new FileKey(trace, dev, ino), () -> rows(
                "SELECT w.begin_line, w.begin_ts, w.submit_pid, w.submit_comm, w.pos, w.len FROM findings f "
                + "JOIN dio_windows w USING (window_id) WHERE f.rule = 'overlapping-dio-writes' AND w.trace_id = ? "
                + "AND w.dev = ? AND w.ino = ? ORDER BY w.begin_line",
                rs -> new Access(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        AccessKind.OTHER_DIRECT_WRITE, rs.getLong(5), rs.getLong(6)),
                trace, dev, ino));
        long from = from(t0);
        long to = to(t1);
        return all.stream().filter(a -> a.ts() >= from && a.ts() <= to).toList();
    }

    /** The events of the given tasks in [t0, t1] that concern the file or its direct I/O, in the order of the trace's lines. */
    public List<Access> taskEvents(int trace, String dev, long ino, List<Integer> pids, long t0, long t1)
            throws SQLException {
        if (pids.isEmpty()) return new ArrayList<>();
        Set<Integer> tasks = new HashSet<>(pids);
        List<Access> file = accesses(trace, dev, ino, t0, t1).stream().filter(a -> tasks.contains(a.pid())).toList();
        List<Access> io = directIo(trace, t0, t1).stream().filter(a -> tasks.contains(a.pid())).toList();
        // both in line order, no line in both (file_events holds no direct-I/O event): merged
        List<Access> out = new ArrayList<>(file.size() + io.size());
        int i = 0;
        int j = 0;
        while (i < file.size() || j < io.size()) {
            out.add(j == io.size() || i < file.size() && file.get(i).line() < io.get(j).line() ? file.get(i++) : io.get(j++));
        }
        return out;
    }

    /**
     * The direct-I/O events (begins, queueings, completions, fallbacks; the 6.1 function tracer's calls) of every task
     * in [t0, t1] of a trace, in line order: from the spans {@link #keepDirectIo} read, else read now.
     */
    private List<Access> directIo(int trace, long t0, long t1) throws SQLException {
        for (Span kept : keptDirectIo) {
            if (kept.key().equals(trace) && kept.covers(t0, t1)) return kept.within(t0, t1);
        }
        return directIo(trace, List.of(new long[] {t0, t1}));
    }

    /**
     * Reads the direct-I/O events of the time spans {@code spans} ([t0, t1] each) of a trace in one scan of its
     * events, for the task timelines of the windows a thread draws: a scan per timeline was most of reading their
     * data (the captured read-vs-mmap race: 71,248 events scanned for each of ten timelines).
     */
    public void keepDirectIo(int trace, List<long[]> spans) throws SQLException {
        if (spans.isEmpty()) return;
        List<Access> all = directIo(trace, spans);
        for (long[] span : spans) keptDirectIo.add(new Span(trace, span[0], span[1], all));
    }

    private List<Access> directIo(int trace, List<long[]> spans) throws SQLException {
        return rows("WITH s AS (SELECT unnest(string_split(?, ','))::BIGINT AS t0, unnest(string_split(?, ','))::BIGINT AS t1) "
                + "SELECT line, ts, pid, comm, 'direct-io', pos, len FROM events e WHERE trace_id = ? "
                + "AND (event IN (SELECT event FROM event_types WHERE access IN ('dio-begin', 'dio-queued', 'dio-complete', "
                + "'dio-fallback')) "
                // the 6.1 function tracer's direct I/O: a call, which the catalog cannot type by name
                + "OR (event = 'function' AND func IN ('iomap_dio_rw', 'iomap_dio_complete'))) "
                // the first and last time as a range too: DuckDB skips the row groups outside it, and tests
                // fewer rows against each span
                + "AND ts >= (SELECT min(t0) FROM s) AND ts <= (SELECT max(t1) FROM s) "
                + "AND EXISTS (SELECT 1 FROM s WHERE e.ts >= s.t0 AND e.ts <= s.t1) ORDER BY line",
                ChartData::access, csv(spans.stream().map(s -> s[0]).toList()), csv(spans.stream().map(s -> s[1]).toList()),
                trace);
    }

    /** Rows read for a key (a file, a trace) over [t0, t1], in line order. */
    private record Span(Object key, long t0, long t1, List<Access> rows) {
        boolean covers(long from, long to) {
            return t0 <= from && to <= t1;
        }

        List<Access> within(long from, long to) {
            // rows may be of more spans than this one (keepDirectIo reads all of a thread's at once)
            return rows.stream().filter(a -> a.ts() >= from && a.ts() <= to).toList();
        }
    }

    /** Folios of [pos, endPos) of a file that were cached at some time in [t0, t1]. */
    public List<Residency> residency(int trace, String dev, long ino, long pos, long endPos, long t0, long t1)
            throws SQLException {
        return rows("SELECT pos, end_pos, added_ts, removed_ts FROM page_cache_residency WHERE trace_id = ? AND dev = ? "
                + "AND ino = ? AND pos < ? AND end_pos > ? AND coalesce(added_ts, -1) <= ? "
                + "AND coalesce(removed_ts, never()) >= ?",
                rs -> new Residency(rs.getLong(1), rs.getLong(2), (Long) rs.getObject(3), (Long) rs.getObject(4)),
                trace, dev, ino, endPos, pos, t1, t0);
    }

    /** A file with findings, and the path the recording mapped for its first finding's window (null: none). */
    public record FileWithFindings(int traceId, String dev, long ino, String path) {}

    /**
     * The files with findings of the traces {@code traceIds} (null: every trace), in the order of their first
     * finding, at most {@code max}: the findings of windows rebuilt from the block layer alone are left out
     * (they name no file).
     */
    public List<FileWithFindings> filesWithFindings(List<Integer> traceIds, int max) throws SQLException {
        List<FileWithFindings> out = new ArrayList<>();
        for (FileWithFindings f : rows("SELECT trace_id, dev, ino, first(file_path ORDER BY finding_id) FROM finding_details "
                + "WHERE window_evidence IS DISTINCT FROM ? GROUP BY trace_id, dev, ino ORDER BY min(finding_id)",
                rs -> new FileWithFindings(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                io.dioscope.report.Finding.BLOCK_LAYER)) {
            if (out.size() == max) break;
            if (traceIds == null || traceIds.contains(f.traceId())) out.add(f);
        }
        return out;
    }

    /** Every trace in the database, in order. */
    public List<Integer> traceIds() throws SQLException {
        return rows("SELECT trace_id FROM traces ORDER BY trace_id", rs -> rs.getInt(1));
    }

    /**
     * begin and end of every direct write that submitted I/O where the trace is whole (trusted), per
     * trace, for the latency and in-flight charts: pairings where events were lost would draw
     * impossible latencies and queue depths.
     */
    public List<long[]> writeSpans(int trace) throws SQLException {
        return rows("SELECT begin_ts, end_ts, outcome = 'completed' FROM dio_windows "
                + "WHERE trace_id = ? AND direction = 'write' AND trusted AND submitted(outcome) ORDER BY begin_ts",
                rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0}, trace);
    }

    /** Direct writes left out of {@link #writeSpans} because the trace had lost events when they began. */
    public long untrustedWrites(int trace) throws SQLException {
        List<Long> n = rows("SELECT count(*) FROM dio_windows WHERE trace_id = ? AND direction = 'write' AND NOT trusted",
                rs -> rs.getLong(1), trace);
        return n.isEmpty() ? 0 : n.get(0);
    }

    /**
     * A bio of blk_requests, from its queueing to its completion (null: not completed in the trace):
     * where its submitter put it (submit_dev/submit_sector, before remaps) and, with extents, its file bytes.
     */
    public record BlockRequest(long qLine, String ioClass, long qTs, Long cTs, String submitDev, long submitSector,
            long len, String path, Long filePos, boolean own) {}

    /**
     * The bios of a direct-write window (window_blk_requests) and the requests queued at the given
     * lines (a finding's conflicting block requests), in queueing order; {@code own} marks the window's.
     */
    public List<BlockRequest> blockRequests(int trace, long windowId, List<Long> lines) throws SQLException {
        // most traces have no block layer at all: asked once, not once per charted finding
        Boolean any = tracesWithBlockRequests.get(trace);
        if (any == null) {
            any = !rows("SELECT 1 FROM blk_requests WHERE trace_id = ? LIMIT 1", rs -> Boolean.TRUE, trace).isEmpty();
            tracesWithBlockRequests.put(trace, any);
        }
        if (!any) return new ArrayList<>();
        return rows("WITH l AS (SELECT unnest(string_split(nullif(?, ''), ','))::BIGINT AS q_line), "
                + "own AS (SELECT q_line FROM window_blk_requests WHERE window_id = ?) "
                + "SELECT q_line, io_class, q_ts, c_ts, submit_dev, submit_sector, len, path, file_pos, "
                + "q_line IN (SELECT q_line FROM own) FROM blk_requests WHERE trace_id = ? "
                + "AND (q_line IN (SELECT q_line FROM l) OR q_line IN (SELECT q_line FROM own)) ORDER BY q_line",
                rs -> new BlockRequest(rs.getLong(1), rs.getString(2), rs.getLong(3), (Long) rs.getObject(4),
                        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), (Long) rs.getObject(9),
                        rs.getBoolean(10)),
                csv(lines), windowId, trace);
    }

    /** [first event, the point from which every CPU's record is whole] of a trace. */
    public long[] lossySpan(int trace) throws SQLException {
        List<long[]> span = rows("SELECT first_ts, complete_from_ts FROM trace_coverage WHERE trace_id = ?",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)}, trace);
        return span.isEmpty() ? new long[] {0, 0} : span.get(0);
    }

    private interface Query<T> {
        List<T> run() throws SQLException;
    }

    private static <K, T> List<T> memo(Map<K, List<T>> cache, K key, Query<T> query) throws SQLException {
        List<T> v = cache.get(key);
        if (v == null) {
            v = query.run();
            cache.put(key, v);
        }
        return v;
    }

    /** Reads one result row; null leaves the row out. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of a query with positional parameters, each read by {@code row}. */
    private <T> List<T> rows(String sql, Row<T> row, Object... params) throws SQLException {
        List<T> out = new ArrayList<>();
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                T t = row.read(rs);
                if (t != null) out.add(t);
            }
        }
        return out;
    }

    /** An access from (line, ts, pid, comm, kind, pos, len); null for a kind the charts do not draw. */
    private static Access access(ResultSet rs) throws SQLException {
        AccessKind k = AccessKind.of(rs.getString(5));
        return k == null ? null : new Access(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), k,
                rs.getLong(6), rs.getLong(7));
    }

    /** Numbers as one comma-separated parameter, so that a statement is the same for any number of them. */
    private static String csv(List<? extends Number> values) {
        StringBuilder s = new StringBuilder();
        for (Number v : values) s.append(s.length() > 0 ? "," : "").append(v);
        return s.toString();
    }

    private static long from(Long t0) {
        return t0 == null ? Long.MIN_VALUE : t0;
    }

    private static long to(Long t1) {
        return t1 == null ? Long.MAX_VALUE : t1;
    }
}
