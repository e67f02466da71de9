package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.TestTraces;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direct-I/O contract of queries/model/08_dio_attempts.sql: which evidence each trace gets
 * (trace_dio_evidence), and dio_attempts, which the evidence files fill and dio_windows is made from.
 */
class DioAttemptsTest {
    private static List<String> evidences(AnalyzedCorpus c, String trace) throws SQLException {
        return c.rows("SELECT evidence FROM trace_dio_evidence WHERE trace_id = %d ORDER BY evidence", c.id(trace))
                .stream().map(r -> r.get(0)).toList();
    }

    @Test
    void eachTraceGetsTheEvidenceItsEventsCall() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        for (String t : AnalyzedCorpus.DIOSCEN_618) assertEquals(List.of("iomap"), evidences(c, t), t);
        assertEquals(List.of("iomap"), evidences(c, AnalyzedCorpus.FIO));
        // 6.1: XFS writes from XFS's events, everything else (the direct read-back) from the function tracer
        assertEquals(List.of("ftrace", "xfs"), evidences(c, "corpus/k61/k61-xfs-read-overlap.trace.gz"));
        assertEquals(List.of("ftrace"), evidences(c, "corpus/k61/k61-ext4-read-overlap.trace.gz"));
        // every window comes from an evidence its trace was given
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_windows w ANTI JOIN trace_dio_evidence e USING (trace_id, evidence)"));
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_orphan_completions o "
                + "ANTI JOIN trace_dio_evidence e USING (trace_id, evidence)"));
        // decided once per trace and evidence
        assertEquals(0, c.scalar("SELECT count(*) FROM (SELECT trace_id, evidence FROM trace_dio_evidence "
                + "GROUP BY ALL HAVING count(*) > 1)"));
    }

    @Test
    void everyAttemptIsAWindow() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        long attempts = c.scalar("SELECT count(*) FROM dio_attempts");
        assertTrue(attempts > 50_000);
        assertEquals(attempts, c.scalar("SELECT count(*) FROM dio_windows"));
        assertEquals(attempts, c.scalar("SELECT count(*) FROM dio_attempts a JOIN dio_windows w "
                + "USING (trace_id, begin_line, evidence, invalidation_before_complete) "
                + "WHERE a.complete_line IS NOT DISTINCT FROM w.complete_line AND a.end_io_ts IS NOT DISTINCT FROM w.end_io_ts"));
    }

    @Test
    void aMisspeltOrMissingColumnIsAnError() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        try (Statement st = c.db.connection().createStatement()) {
            // a misspelt column: with UNION ALL BY NAME it became a NULL column of its own
            SQLException misspelt = assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO dio_attempts BY NAME SELECT 'iomap' AS evidence, 1 AS trace_id, 1 AS segment, "
                            + "1 AS begin_line, 1 AS begin_ts, 'open' AS fate, true AS invalidation_before_complete, "
                            + "2 AS complete_lien"));
            assertTrue(misspelt.getMessage().contains("complete_lien"), misspelt.getMessage());
            // what every evidence must say
            assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO dio_attempts BY NAME SELECT 'iomap' AS evidence, 1 AS trace_id, 1 AS segment, "
                            + "1 AS begin_line, 1 AS begin_ts, 'open' AS fate"));
            assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO dio_attempts BY NAME SELECT 'iomap' AS evidence, 1 AS trace_id, 1 AS segment, "
                            + "1 AS begin_line, 1 AS begin_ts, 'opened' AS fate, true AS invalidation_before_complete"));
            assertThrows(SQLException.class, () -> st.execute(
                    "INSERT INTO dio_attempts BY NAME SELECT 'blk' AS evidence, 1 AS trace_id, 1 AS segment, "
                            + "1 AS begin_line, 1 AS begin_ts, 'open' AS fate, true AS invalidation_before_complete"));
        }
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_attempts WHERE trace_id = 1 AND begin_line = 1"));
    }

    @Test
    void whereTheInvalidationShowsAndWhatEndsTheIoAreTheEvidencesToSay() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        // iomap_dio_complete is traced after the post-write invalidation; xfs_end_io_direct_write and the
        // function tracer's iomap_dio_complete entry before it; the block layer does not show it at all
        assertEquals(List.of(List.of("block", "false"), List.of("ftrace", "false"), List.of("iomap", "true"),
                List.of("xfs", "false")),
                c.rows("SELECT DISTINCT evidence, invalidation_before_complete FROM dio_attempts ORDER BY ALL"));
        // the xfs, ftrace and block completion is the end_io itself
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_attempts WHERE evidence <> 'iomap' "
                + "AND end_io_line IS DISTINCT FROM complete_line"));
        // with iomap: XFS's end_io, traced by the completing task between the begin and the completion
        long iomapEndIo = c.scalar("SELECT count(*) FROM dio_attempts WHERE evidence = 'iomap' AND end_io_line IS NOT NULL");
        assertTrue(iomapEndIo > 1000);
        assertEquals(iomapEndIo, c.scalar("SELECT count(*) FROM dio_attempts a JOIN events e "
                + "ON e.trace_id = a.trace_id AND e.line = a.end_io_line WHERE a.evidence = 'iomap' "
                + "AND e.event = 'xfs_end_io_direct_write' AND e.pid = a.complete_pid AND e.ino = a.ino "
                + "AND e.ts = a.end_io_ts AND a.end_io_line BETWEEN a.begin_line AND a.complete_line"));
        assertTrue(c.scalar("SELECT count(end_io_line) FROM dio_attempts WHERE trace_id = %d",
                c.id("corpus/xfs-clean.trace.gz")) > 0);
        assertEquals(0, c.scalar("SELECT count(end_io_line) FROM dio_attempts WHERE trace_id = %d",
                c.id("corpus/ext4-clean.trace.gz")), "ext4 traces no end_io");
    }

    @Test
    void theFunctionTracerAddsNoWindowsWhereTheIomapTracepointsAre() throws Exception {
        // a 6.18 trace, as if the function tracer had been on iomap_dio_rw as well: each write is
        // rebuilt once, from the iomap tracepoints, and not a second time from the function entries
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/xfs-read-overlap.trace.gz"), ProgressListener.NONE);
            try (Statement st = db.connection().createStatement()) {
                ModelBuilder.build(db);
                long windows = count(st, "SELECT count(*) FROM dio_windows");
                st.execute("INSERT INTO events BY NAME SELECT trace_id, line + 10000000 AS line, ts, cpu, pid, tgid, comm, "
                        + "irq_flags, 'function' AS event, 'iomap_dio_rw' AS func, 'xfs_file_dio_write_aligned' AS caller "
                        + "FROM events WHERE event = 'iomap_dio_rw_begin'");
                ModelBuilder.build(db);
                assertEquals(windows, count(st, "SELECT count(*) FROM dio_windows WHERE evidence = 'iomap'"));
                assertEquals(windows, count(st, "SELECT count(*) FROM dio_windows"));
                assertEquals(1, count(st, "SELECT count(*) FROM trace_dio_evidence"));
            }
        }
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
