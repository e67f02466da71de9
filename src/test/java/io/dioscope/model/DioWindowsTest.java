package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.TestTraces;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Direct-I/O windows rebuilt from the real traces, checked against what the corpus README says. */
class DioWindowsTest {
    static Stream<String> dioscen() {
        return AnalyzedCorpus.DIOSCEN_618.stream();
    }

    @ParameterizedTest
    @MethodSource("dioscen")
    void everyScenarioHas64WriteWindowsAllPaired(String trace) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id(trace);
        assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'write'", id));
        assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'write' "
                + "AND outcome IN ('completed', 'fallback')", id), "every write ends in a completion or a fallback");
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_orphan_completions WHERE trace_id = %d", id));
        assertEquals(c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'iomap_dio_invalidate_fail'", id),
                c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'fallback'", id));
        // scenarios whose .truth has a VERIFY line read the range back once with O_DIRECT at the end
        String truth = trace.replaceAll("\\.(trace|report|perfscript)\\.gz$", ".truth");
        long verifies = TestTraces.lines(truth).stream().filter(l -> l.startsWith("VERIFY")).count();
        assertEquals(verifies, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'read'", id));
    }

    @Test
    void completionOffsetIsThePositionAfterTheWrite() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        long paired = c.scalar("SELECT count(*) FROM dio_windows WHERE evidence = 'iomap' AND complete_line IS NOT NULL");
        long consistent = c.scalar("SELECT count(*) FROM dio_windows w JOIN events e "
                + "ON e.trace_id = w.trace_id AND e.line = w.complete_line "
                + "WHERE w.evidence = 'iomap' AND e.pos = CASE WHEN e.ret > 0 THEN w.pos + e.ret - w.done_before ELSE w.pos END");
        // 128,514 before captured/xfs-read-overlap-callchains joined the corpus with its 274
        // 128,788 before the three captured/blk traces joined with their 9,015
        // 137,803 before captured/record's xfs and btrfs recordings joined with their 2,814 and 2,658
        assertEquals(143275, paired, "iomap windows with a completion, over the whole test corpus");
        assertEquals(paired, consistent);
    }

    @Test
    void asyncCompletionsRunInAnotherTaskOftenOnAnotherCpu() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        long completed = c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'completed'", fio);
        assertEquals(completed, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'completed' "
                + "AND complete_pid <> submit_pid AND complete_comm LIKE 'kworker%%'", fio));
        assertEquals(40696, completed);
        assertEquals(29752, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'completed' "
                + "AND complete_cpu <> submit_cpu", fio), "nearly three in four on another CPU");
    }

    @Test
    void fioLeavesWindowsUnpairedOnlyAtTheTracesEnds() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        // the ring buffer overran: CPU 1's record starts late, and before that completions are missing
        long completeFrom = c.scalar("SELECT complete_from_ts FROM trace_coverage WHERE trace_id = %d", fio);
        long first = c.scalar("SELECT first_ts FROM trace_coverage WHERE trace_id = %d", fio);
        long last = c.scalar("SELECT last_ts FROM trace_coverage WHERE trace_id = %d", fio);
        assertTrue(completeFrom > first);
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'in-flight-at-end' "
                + "AND begin_ts < %d", fio, last - 100_000_000L), "still in flight only in the last 100 ms");
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'completion-lost' "
                + "AND begin_ts >= %d", fio, completeFrom));
        assertEquals(0, c.scalar("SELECT count(*) FROM dio_orphan_completions WHERE trace_id = %d AND ts > %d",
                fio, completeFrom + 1_000_000L), "completions without a begin only where the trace lost events");
        assertEquals(1699, c.scalar("SELECT count(*) FROM dio_orphan_completions WHERE trace_id = %d", fio));
        // where every CPU is recorded, pairing gives the latencies of a loop device, not seconds
        assertTrue(c.scalar("SELECT max(complete_ts - begin_ts) FROM dio_windows WHERE trace_id = %d AND trusted "
                + "AND outcome = 'completed'", fio) < 5_000_000L);
    }

    @Test
    void nowaitAttemptsThatIoUringRetriesAreAborted() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        long aborted = c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'aborted'", fio);
        assertEquals(5926, aborted);
        assertEquals(5922, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'aborted' "
                + "AND nowait", fio), "all but 4 are NOWAIT attempts");
        long retried = c.scalar("SELECT count(*) FROM dio_windows a WHERE a.trace_id = %d AND a.outcome = 'aborted' "
                + "AND EXISTS (SELECT 1 FROM dio_windows r WHERE r.trace_id = a.trace_id AND r.ino = a.ino "
                + "AND r.pos = a.pos AND r.begin_line > a.begin_line AND r.outcome <> 'aborted')", fio);
        assertEquals(aborted, retried, "each aborted attempt is begun again on the same range");
    }

    @Test
    void synchronousPwriteDirectionComesFromIomapIter() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("corpus/ext4-1k/ext4-extend-tail-read.trace.gz");
        assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'write' "
                + "AND direction_from = 'iomap_iter' AND NOT aio AND flags NOT LIKE '%%WRITE%%' AND extending", id));
        assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND isize_end > isize_begin", id));
    }

    @Test
    void linux61WindowsAreRebuiltWithoutIomapDioEvents() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        for (String t : AnalyzedCorpus.K61) {
            int id = c.id(t);
            assertEquals(0, c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event LIKE 'iomap_dio_rw%%'", id));
            assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'write' "
                    + "AND outcome IN ('completed', 'fallback')", id), t);
            assertEquals(0, c.scalar("SELECT count(*) FROM dio_orphan_completions WHERE trace_id = %d", id), t);
            String expected = t.contains("xfs") ? "xfs" : "ftrace";
            assertEquals(64, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND direction = 'write' "
                    + "AND evidence = '%s'", id, expected), t);
        }
        int mmap = c.id("corpus/k61/k61-xfs-mmap-overlap.trace.gz");
        assertEquals(34, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d AND outcome = 'fallback'", mmap));
    }

    @Test
    void functionTracerAloneRebuildsXfsWritesOnLinux61() throws Exception {
        // the same real trace without its xfs events: only the function tracer and the kprobe are left
        try (Database db = Database.open(null)) {
            new TraceLoader(db, LoadOptions.defaults())
                    .load(TestTraces.path("corpus/k61/k61-xfs-read-overlap.trace.gz"), ProgressListener.NONE);
            try (Statement st = db.connection().createStatement()) {
                st.execute("CREATE TABLE xfs_windows AS SELECT 1");
                ModelBuilder.build(db);
                st.execute("CREATE OR REPLACE TABLE xfs_windows AS SELECT * FROM dio_windows WHERE direction = 'write'");
                st.execute("DELETE FROM events WHERE event LIKE 'xfs_%direct%' OR event LIKE 'xfs_end_io%'");
                ModelBuilder.build(db);
                try (ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE evidence = 'ftrace'), "
                        + "count(*) FILTER (WHERE outcome = 'completed') FROM dio_windows WHERE direction = 'write'")) {
                    rs.next();
                    assertEquals(List.of(64L, 64L, 64L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
                }
                // the same writes: begun within 100 us of each other, same range, same completing task
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT *, row_number() OVER (ORDER BY begin_ts) AS n "
                        + "FROM dio_windows WHERE direction = 'write') f JOIN (SELECT *, row_number() OVER (ORDER BY begin_ts) AS n "
                        + "FROM xfs_windows) x USING (n) WHERE abs(f.begin_ts - x.begin_ts) < 100000 AND f.pos = x.pos "
                        + "AND f.len = x.len AND f.complete_pid = x.complete_pid")) {
                    rs.next();
                    assertEquals(64, rs.getLong(1));
                }
            }
        }
    }
}
