package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bucketed interval join finds exactly what the plain definition of a conflict says. */
class WindowConflictsTest {
    private static final String NAIVE = "SELECT w.window_id, e.line FROM dio_windows w JOIN file_events e "
            + "ON e.trace_id = w.trace_id AND e.dev = w.dev AND e.ino = w.ino "
            + "WHERE w.trace_id = %d AND submitted(w.outcome) "
            + "AND e.ts > w.begin_ts AND e.ts < w.end_ts AND e.pos < w.end_pos AND e.end_pos > w.pos";
    private static final String BUCKETED = "SELECT c.window_id, c.line FROM window_conflicts c "
            + "WHERE c.trace_id = %d AND c.in_range";

    @ParameterizedTest
    @ValueSource(strings = {"corpus/xfs-mmap-overlap.trace.gz", "corpus/ext4-read-overlap.trace.gz",
            "corpus/k61/k61-xfs-mmap-overlap.trace.gz", "corpus/ext4-1k/ext4-bwrite-subpage.trace.gz",
            "captured/xfs-dio-read-vs-mmap-race.trace.gz"})
    void bucketedJoinEqualsThePlainDefinition(String trace) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id(trace);
        long naive = c.scalar("SELECT count(*) FROM (" + NAIVE + ")", id);
        assertTrue(naive > 0, trace + " has conflicts");
        assertEquals(naive, c.scalar("SELECT count(*) FROM (" + BUCKETED + ")", id));
        assertEquals(0, c.scalar("SELECT count(*) FROM ((" + NAIVE + ") EXCEPT (" + BUCKETED + "))", id, id));
        assertEquals(0, c.scalar("SELECT count(*) FROM ((" + BUCKETED + ") EXCEPT (" + NAIVE + "))", id, id));
    }
}
