package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dioscope.AnalyzedCorpus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * page_mkwrite walks (iomap_iter WRITE|FAULT) as mmap-store rows of file_events, on the real 6.1 and 6.18
 * traces: a 6.1 walk at pos 0 starts with a zero-length iter and is one store from that start; on 6.18
 * nothing pairs (queries/model/40_file_events.sql says why).
 */
class PageMkwriteWalkTest {
    private static final String K61 = "corpus/k61/k61-xfs-mmap-overlap.trace.gz";

    /**
     * Each zero-length WRITE|FAULT iter with the same task's next iomap_iter (found with an ASOF join, not
     * the model's lead()): the walks are those whose next iter is WRITE|FAULT on the same file and pos
     * with a length.
     */
    private static final String WALKS = "WITH it AS (SELECT line, ts, pid, dev, ino, pos, len, flags FROM events "
            + "WHERE trace_id = %d AND event = 'iomap_iter') "
            + "SELECT s.line AS start_line, s.ts AS start_ts, s.pos AS start_pos, m.line AS map_line, m.ts AS map_ts, "
            + "m.pos, m.len FROM (SELECT * FROM it WHERE flags = 'WRITE|FAULT' AND len = 0) s "
            + "ASOF JOIN it m ON m.pid = s.pid AND m.line > s.line "
            + "WHERE m.flags = 'WRITE|FAULT' AND m.dev = s.dev AND m.ino = s.ino AND m.pos = s.pos AND m.len > 0";

    @Test
    void linux61WalksAtPos0AreOneStoreFromTheirZeroLengthStart() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id(K61);
        assertEquals(1476, c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'iomap_iter' "
                + "AND flags = 'WRITE|FAULT'", id));
        assertEquals(93, c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'iomap_iter' "
                + "AND flags = 'WRITE|FAULT' AND len = 0", id));
        // every zero-length one starts a walk, and all of them are at pos 0 (iomap_length of an empty
        // iomap is 0 only there)
        assertEquals(93, c.scalar("SELECT count(*) FROM (" + WALKS + ")", id));
        assertEquals(93, c.scalar("SELECT count(*) FROM (" + WALKS + ") WHERE start_pos = 0", id));
        // one mmap-store per walk: the start's line and ts, the mapping iter's range, its line in map_line
        assertEquals(93, c.scalar("SELECT count(*) FROM (" + WALKS + ") p JOIN file_events f ON f.trace_id = %d "
                + "AND f.line = p.start_line AND f.ts = p.start_ts AND f.kind = 'mmap-store' AND f.pos = p.pos "
                + "AND f.len = p.len AND f.map_line = p.map_line", id, id));
        assertEquals(93, c.scalar("SELECT count(*) FROM file_events WHERE trace_id = %d AND kind = 'mmap-store' "
                + "AND map_line IS NOT NULL", id));
        assertEquals(0, c.scalar("SELECT count(*) FROM (" + WALKS + ") p JOIN file_events f ON f.trace_id = %d "
                + "AND f.line = p.map_line", id, id), "the mapping iter is not a store of its own");
        // the other 1,383 - 93 iters with a length stay one store each (6.1 walks at pos > 0 print two)
        assertEquals(1383, c.scalar("SELECT count(*) FROM file_events WHERE trace_id = %d AND kind = 'mmap-store'", id));
    }

    @Test
    void linux61StoreThatBeganInsideAWriteAndMappedAfterItConflictsWithIt() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id(K61);
        // walks that began inside a direct write to their range and mapped after its completion: two in
        // the trace, each followed by the kernel's "Page cache invalidation failure" warning
        String late = "SELECT w.begin_line, w.complete_line, p.start_line, p.map_line FROM (" + WALKS + ") p "
                + "JOIN dio_windows w ON w.trace_id = %d AND w.direction = 'write' "
                + "AND p.start_ts > w.begin_ts AND p.start_ts < w.end_ts AND p.map_ts > w.end_ts "
                + "AND p.pos < w.end_pos AND p.pos + p.len > w.pos "
                + "WHERE submitted(w.outcome) ORDER BY w.begin_line";
        assertEquals(List.of(List.of("5965", "5980", "5978", "5985"), List.of("6504", "6532", "6531", "6537")),
                c.rows(late, id, id));
        // each is now a conflict of its window, from its start, naming the mapping iter
        String conflicts = "SELECT c.line, c.map_line FROM window_conflicts c JOIN dio_windows w USING (window_id) "
                + "WHERE w.trace_id = %d AND w.begin_line = %d AND c.kind = 'mmap-store' AND c.in_range";
        assertEquals(List.of(List.of("5978", "5985")), c.rows(conflicts, id, 5965));
        assertEquals(List.of(List.of("6531", "6537")), c.rows(conflicts, id, 6504));
        // and the mmap-fault rule names it on that window
        String named = "SELECT count(*) FROM finding_details WHERE trace_id = %d AND begin_line = %d "
                + "AND rule = 'mmap-fault-during-dio-write' AND list_contains(conflict_lines, %d)";
        assertEquals(1, c.scalar(named, id, 5965, 5978));
        assertEquals(1, c.scalar(named, id, 6504, 6531));
    }

    @ParameterizedTest
    @CsvSource({"corpus/xfs-mmap-overlap.trace.gz, 192", "corpus/ext4-mmap-overlap.trace.gz, 0"})
    void linux618StoresAreTheIterationsWithALength(String trace, long stores) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id(trace);
        assertEquals(stores, c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'iomap_iter' "
                + "AND flags = 'WRITE|FAULT' AND len > 0", id));
        assertEquals(stores, c.scalar("SELECT count(*) FROM file_events WHERE trace_id = %d AND kind = 'mmap-store'", id));
        // the same rows: each store is such an iter, with its own line, ts and range
        assertEquals(stores, c.scalar("SELECT count(*) FROM file_events f JOIN events e ON e.trace_id = f.trace_id "
                + "AND e.line = f.line WHERE f.trace_id = %d AND f.kind = 'mmap-store' AND e.event = 'iomap_iter' "
                + "AND e.flags = 'WRITE|FAULT' AND e.len > 0 AND f.ts = e.ts AND f.pos = e.pos AND f.len = e.len "
                + "AND f.map_line IS NULL", id));
    }

    @Test
    void linux618WalkEndsFollowedByAStartAtTheSamePosDoNotPair() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("corpus/xfs-mmap-overlap.trace.gz");
        // on 6.18 a zero-length iter at pos > 0 ends a walk (pos already advanced, e.g. line 779 after the
        // walk at 0 began at 777), and the next walk at that pos often starts right after (line 781): this
        // is why a 6.1 start must be at pos 0
        assertEquals(185, c.scalar("SELECT count(*) FROM (" + WALKS + ") WHERE start_pos > 0", id));
        assertEquals(0, c.scalar("SELECT count(*) FROM (" + WALKS + ") WHERE start_pos = 0", id));
        assertEquals(0, c.scalar("SELECT count(*) FROM file_events WHERE trace_id = %d AND map_line IS NOT NULL", id));
    }
}
