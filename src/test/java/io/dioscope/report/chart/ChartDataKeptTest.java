package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.model.ModelBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A task timeline's events and a zoom's accesses are the same whether read for the window alone or picked out of
 * what a thread read ahead ({@link ChartData#keepDirectIo}, {@link ChartData#keepAccesses}), and are what one query
 * over file_events and events (the way they were read before) gives, on windows with findings of real traces.
 */
class ChartDataKeptTest {
    /** The windows of a trace with findings, at most this many: each one's spans overlap some of the others'. */
    private static final int WINDOWS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"captured/xfs-dio-read-vs-mmap-race.trace.gz", "fstests/ext4-1k/generic-451.trace.gz",
        "corpus/fio/xfs-fio-mixed.trace.gz", "corpus/k61/k61-xfs-mmap-overlap.trace.gz"})
    void keptReadsGiveWhatOneQueryPerWindowGives(String resource) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int trace = c.id(resource);
        List<List<String>> windows = c.rows("SELECT w.window_id, w.dev, w.ino, w.begin_ts, w.end_ts, w.submit_pid, "
                + "coalesce(w.complete_pid, w.submit_pid) FROM dio_windows w WHERE w.trace_id = %d AND w.window_id IN "
                + "(SELECT window_id FROM findings) AND w.evidence <> 'block' ORDER BY w.window_id LIMIT %d", trace, WINDOWS);
        assertFalse(windows.isEmpty(), resource + " has findings");
        try (Connection one = c.db.newConnection(); Connection two = c.db.newConnection();
                ChartData alone = new ChartData(one); ChartData kept = new ChartData(two)) {
            ModelBuilder.defineMacros(one);
            ModelBuilder.defineMacros(two);
            List<long[]> spans = new ArrayList<>();
            for (List<String> w : windows) spans.add(TaskTimelineChart.range(Long.parseLong(w.get(3)), Long.parseLong(w.get(4))));
            kept.keepDirectIo(trace, spans);
            int events = 0;
            for (int i = 0; i < windows.size(); i++) {
                List<String> w = windows.get(i);
                String dev = w.get(1);
                long ino = Long.parseLong(w.get(2));
                long[] span = spans.get(i);
                List<Integer> pids = new ArrayList<>(List.of(Integer.parseInt(w.get(5)), Integer.parseInt(w.get(6))));
                for (List<String> p : c.rows("SELECT DISTINCT pid FROM window_conflicts WHERE window_id = %s ORDER BY pid",
                        w.get(0))) {
                    pids.add(Integer.parseInt(p.get(0)));
                }
                List<ChartData.Access> expected = oneQuery(c.db.connection(), trace, dev, ino, pids, span[0], span[1]);
                assertEquals(expected, alone.taskEvents(trace, dev, ino, pids, span[0], span[1]), "window " + w.get(0));
                kept.keepAccesses(trace, dev, ino, span[0], span[1]);
                assertEquals(expected, kept.taskEvents(trace, dev, ino, pids, span[0], span[1]), "window " + w.get(0) + ", kept");
                // a zoom spans less time than the timeline
                long quarter = (span[1] - span[0]) / 4;
                assertEquals(alone.accesses(trace, dev, ino, span[0] + quarter, span[1] - quarter),
                        kept.accesses(trace, dev, ino, span[0] + quarter, span[1] - quarter), "window " + w.get(0) + ", zoom");
                events += expected.size();
            }
            assertTrue(events > 0, "the timelines of " + resource + " have events to compare");
        }
    }

    /** The events as one query read them before: the file's and the direct I/O's of the tasks, in line order. */
    private static List<ChartData.Access> oneQuery(Connection c, int trace, String dev, long ino, List<Integer> pids,
            long t0, long t1) throws Exception {
        String in = String.join(",", pids.stream().map(String::valueOf).toList());
        String sql = "SELECT line, ts, pid, comm, kind, pos, len FROM file_events WHERE trace_id = ? AND dev = ? "
                + "AND ino = ? AND ts >= ? AND ts <= ? AND pid IN (" + in + ") "
                + "UNION ALL SELECT line, ts, pid, comm, 'direct-io', pos, len FROM events WHERE trace_id = ? "
                + "AND ts >= ? AND ts <= ? AND pid IN (" + in + ") AND (event IN (SELECT event FROM event_types "
                + "WHERE access IN ('dio-begin', 'dio-queued', 'dio-complete', 'dio-fallback')) "
                + "OR (event = 'function' AND func IN ('iomap_dio_rw', 'iomap_dio_complete'))) ORDER BY line";
        List<ChartData.Access> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Object[] args = {trace, dev, ino, t0, t1, trace, t0, t1};
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    AccessKind k = AccessKind.of(rs.getString(5));
                    if (k != null) {
                        out.add(new ChartData.Access(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4), k,
                                rs.getLong(6), rs.getLong(7)));
                    }
                }
            }
        }
        return out;
    }
}
