package io.dioscope.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The conclusions of the corpus README (src/test/resources/corpus/README.md), checked rule by rule. */
class CorpusConclusionsTest {
    private static long findings(AnalyzedCorpus c, String trace, String rule) throws Exception {
        return c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND rule = '%s'", c.id(trace), rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {"corpus/xfs-clean.trace.gz", "corpus/ext4-clean.trace.gz", "corpus/k61/k61-ext4-clean.trace.gz",
            "corpus/xfs-read-disjoint.trace.gz", "corpus/ext4-read-disjoint.trace.gz"})
    void controlsAreSilent(String trace) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        assertEquals(List.of(), c.rows("SELECT rule, message FROM finding_details WHERE trace_id = %d", c.id(trace)));
    }

    // the same xfs capture in four formats gives the same 64 (one per write of the scenario); on ext4
    // one of the 64 writes saw no fill
    @ParameterizedTest
    @CsvSource({"corpus/xfs-read-overlap.trace.gz, 64", "corpus/ext4-read-overlap.trace.gz, 63",
            "corpus/blk/xfs-read-overlap.trace.gz, 64", "corpus/trace-cmd/xfs-read-overlap.report.gz, 64",
            "corpus/perf/xfs-read-overlap.perfscript.gz, 64"})
    void readOverlapFillsTheCacheInsideMostWindows(String trace, long expected) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        assertEquals(expected, findings(c, trace, "pagecache-fill-during-dio-write"), trace);
    }

    @Test
    void conflictingEventsReallyLieInsideTheirWindow() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        // for the rules whose conflicts are events inside the window: same file, strictly between begin and end
        String misplaced = "SELECT f.rule, f.finding_id, e.line FROM (SELECT finding_id, rule, window_id, "
                + "unnest(conflict_lines) AS line FROM findings WHERE rule IN ('pagecache-fill-during-dio-write', "
                + "'mmap-fault-during-dio-write', 'page-dirtied-during-dio-write', 'eof-page-fill-during-extending-dio-write', "
                + "'dio-read-of-dirty-range')) f JOIN dio_windows w USING (window_id) "
                + "JOIN events e ON e.trace_id = w.trace_id AND e.line = f.line "
                + "WHERE NOT (e.dev = w.dev AND e.ino = w.ino AND e.ts > w.begin_ts AND e.ts < w.end_ts) "
                // the page-dirtied rule also names the write fault or buffered write that caused the dirtying
                + "AND NOT (f.rule = 'page-dirtied-during-dio-write' AND e.event IN ('iomap_iter', 'mm_filemap_fault', "
                + "'xfs_file_buffered_write', 'ext4_write_begin', 'ext4_da_write_begin'))";
        assertEquals(List.of(), c.rows(misplaced));
        long named = c.scalar("SELECT sum(len(conflict_lines)) FROM findings");
        // 49,169 before captured/xfs-read-overlap-callchains joined the corpus: its 6 findings name 26
        // 49,195 before device-overlap-direct-write-vs-pagecache-io (53 lines on corpus/blk) and the
        // three captured/blk traces' findings: 2,424 more; 51,619 before the nine captured/blk/*-blockonly
        // traces (block events alone): their device-overlap findings name 735; 52,354 before the four
        // captured/blk/*-partition-blockonly traces (the whole disk under a partition): 247
        assertEquals(85135, named, "conflicting lines named by all findings of the corpus");
    }

    @Test
    void mmapOverlapFaultsAndDirtiesPagesInsideWrites() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        Map<String, List<Long>> expected = Map.of("corpus/xfs-mmap-overlap.trace.gz", List.of(7L, 3L),
                "corpus/ext4-mmap-overlap.trace.gz", List.of(10L, 9L));
        for (String t : expected.keySet()) {
            int id = c.id(t);
            assertEquals(expected.get(t).get(0), findings(c, t, "mmap-fault-during-dio-write"), t);
            assertEquals(expected.get(t).get(1), c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND rule = "
                    + "'page-dirtied-during-dio-write' AND severity = 'critical' AND evidence = 'mmap store, survived'", id), t);
            assertEquals(c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'iomap_dio_invalidate_fail'", id),
                    findings(c, t, "dio-write-invalidate-fail"), t);
        }
    }

    @Test
    void invalidateFailNamesTheCachedPagesAndWhoCachedThem() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<List<String>> rows = c.rows("SELECT message FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'dio-write-invalidate-fail' ORDER BY finding_id LIMIT 1", c.id("corpus/xfs-mmap-overlap.trace.gz"));
        assertTrue(rows.get(0).get(0).contains("16 cached folios (pages 0-15) held the range, put there by dioscen (27199)"),
                rows.get(0).get(0));
    }

    @Test
    void overlappingDirectWritesNameAnEarlierWriteStillInFlight() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        Map<String, Long> expected = Map.of("corpus/xfs-dio-overlap.trace.gz", 48L, "corpus/ext4-dio-overlap.trace.gz", 48L,
                "corpus/xfs-punch-overlap.trace.gz", 31L, "corpus/ext4-punch-overlap.trace.gz", 31L);
        for (String t : expected.keySet()) {
            int id = c.id(t);
            assertEquals(expected.get(t), findings(c, t, "overlapping-dio-writes"), t);
            assertEquals(0, c.scalar("SELECT count(*) FROM findings f JOIN dio_windows b USING (window_id) "
                    + "JOIN dio_windows a ON a.window_id = f.related_window_id WHERE b.trace_id = %d "
                    + "AND f.rule = 'overlapping-dio-writes' AND NOT (a.begin_ts <= b.begin_ts AND b.begin_ts < a.end_ts "
                    + "AND a.pos < b.end_pos AND b.pos < a.end_pos)", id), t);
        }
    }

    @ParameterizedTest
    @CsvSource({"corpus/xfs-punch-overlap.trace.gz, 256", "corpus/ext4-punch-overlap.trace.gz, 256",
            "captured/ext4-punch-vs-aio-write-race.trace.gz, 21"})
    void punchesSerialisedByTheFilesystemAreNotReportedAboveInfo(String trace, long punches) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        assertEquals(punches, c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event IN "
                + "('xfs_free_file_space', 'ext4_punch_hole')", c.id(trace)));
        assertEquals(0, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'space-op-during-dio-write' AND severity <> 'info'", c.id(trace)));
    }

    @Test
    void bufferedWriteIntoASubpageDirectWrite() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        assertEquals(7, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND rule = "
                + "'page-dirtied-during-dio-write' AND evidence LIKE 'buffered write, %%'",
                c.id("corpus/ext4-1k/ext4-bwrite-subpage.trace.gz")));
    }

    @Test
    void extendingWritesRaceReadsOfTheEndOfFilePage() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        String t = "corpus/ext4-1k/ext4-extend-tail-read.trace.gz";
        assertEquals(14, findings(c, t, "eof-page-fill-during-extending-dio-write"));
        assertEquals(0, findings(c, "corpus/xfs-read-overlap.trace.gz", "eof-page-fill-during-extending-dio-write"),
                "overwrites inside the file do not extend it");
    }

    @Test
    void linux61TracesFireTheSameRulesAsTheir618Twins() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        assertEquals(34, findings(c, "corpus/k61/k61-xfs-read-overlap.trace.gz", "pagecache-fill-during-dio-write"));
        assertEquals(15, findings(c, "corpus/k61/k61-ext4-read-overlap.trace.gz", "pagecache-fill-during-dio-write"));
        String mmap = "corpus/k61/k61-xfs-mmap-overlap.trace.gz";
        assertEquals(10, findings(c, mmap, "mmap-fault-during-dio-write"));
        assertEquals(4, findings(c, mmap, "page-dirtied-during-dio-write"));
        assertEquals(34, findings(c, mmap, "dio-write-invalidate-fail"));
    }

    @Test
    void kernelWarningsConfirmTheStalePagesOfTheirWrites() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("corpus/k61/k61-xfs-mmap-overlap.trace.gz");
        long warnings = c.scalar("SELECT count(*) FROM events WHERE trace_id = %d AND event = 'console' "
                + "AND message LIKE 'Page cache invalidation failure on direct I/O%%'", id);
        assertEquals(7, warnings, "the 7 warnings of the .truth file's DMESG lines");
        // each confirmed finding is the latest completion by the task that printed a warning, before it
        assertEquals(7, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'stale-page-after-dio-write' AND evidence = 'kernel warning'", id));
        // on 6.1 (xfs evidence) the warning follows the end event, in the completing task
        assertEquals(7, c.scalar("SELECT count(DISTINCT f.window_id) FROM finding_details f "
                + "JOIN window_invalidation i USING (window_id) JOIN events e ON e.trace_id = f.trace_id "
                + "AND e.line = i.warning_line WHERE f.trace_id = %d AND f.rule = 'stale-page-after-dio-write' "
                + "AND f.evidence = 'kernel warning' AND e.pid = f.complete_pid AND e.line > f.complete_line "
                + "AND list_contains(f.conflict_lines, e.line) AND f.confirmed_by = e.line", id));
        assertEquals(7, c.scalar("SELECT count(DISTINCT window_id) FROM finding_details WHERE trace_id = %d "
                + "AND rule = 'kernel-dio-coherency-warning' AND severity = 'critical'", id));
    }

    @Test
    void aDirectIoCollisionWarningIsAboutTheDirectIoThatPrintedIt() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("captured/xfs-dio-collision.trace.gz");
        // line 2687: the reader's own console line, while its iomap_iter met the mmap writer's DELALLOC block
        assertEquals(List.of(List.of("2687", "dio-collision-with-buffered-write", "1893", "read", "error")),
                c.rows("SELECT k.line, k.message_id, w.begin_line, w.direction, w.outcome FROM kernel_warnings k "
                        + "JOIN dio_windows w USING (window_id) WHERE k.trace_id = %d", id));
        assertEquals(List.of(List.of("critical", "dio-collision-with-buffered-write", "2687")),
                c.rows("SELECT severity, evidence, confirmed_by FROM finding_details WHERE trace_id = %d "
                        + "AND rule = 'kernel-dio-coherency-warning'", id));
    }

    @Test
    void generic208WarningsEachConfirmTheWriteTheyFollow() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("corpus/fstests/xfs-g208-head.trace.gz");
        assertEquals(5, c.scalar("SELECT count(*) FROM kernel_warnings WHERE trace_id = %d", id), "the .truth's 5 warnings");
        // on 6.18 the warning is printed inside iomap_dio_complete(), before the write's completion event
        assertEquals(5, c.scalar("SELECT count(DISTINCT k.window_id) FROM kernel_warnings k JOIN dio_windows w "
                + "USING (window_id) WHERE k.trace_id = %d AND k.pid = w.complete_pid AND k.line < w.complete_line "
                + "AND k.continuation_line > k.line AND k.continuation_line < w.complete_line", id), "each warning confirms exactly one window");
        assertEquals(List.of(List.of("66", "282"), List.of("314", "369"), List.of("390", "444"), List.of("466", "538"),
                List.of("548", "620")), c.rows("SELECT begin_line, confirmed_by FROM finding_details WHERE trace_id = %d "
                + "AND rule = 'kernel-dio-coherency-warning' ORDER BY begin_line", id));
        assertEquals(5, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'stale-page-after-dio-write' AND evidence = 'kernel warning' AND severity = 'critical'", id),
                "the pages the buffered writer cached during each write are the stale ones");
    }

    @Test
    void postWriteInvalidationBeforeCompletionIsSilentOnCorrectKernels() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        // on 6.1 the pre-write invalidation runs from the submission path inside every async window,
        // and with queue depth 4 the next write's inside the previous one's: none of that is the bug
        long calls = c.scalar("SELECT count(*) FROM events e JOIN dio_windows w ON w.trace_id = e.trace_id "
                + "AND e.pid = w.submit_pid AND e.ts > w.begin_ts AND e.ts < w.complete_ts "
                + "WHERE e.event = 'function' AND e.func = 'invalidate_inode_pages2_range' AND w.aio");
        assertEquals(248, calls, "invalidations inside async windows");
        assertEquals(0, c.scalar("SELECT count(*) FROM findings WHERE rule = 'post-write-invalidate-before-completion'"));
    }

    @Test
    void fioHasRacesOfEveryKind() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        Map<String, Long> expected = Map.of("pagecache-fill-during-dio-write", 275L, "mmap-fault-during-dio-write", 156L,
                "page-dirtied-during-dio-write", 120L, "overlapping-dio-writes", 134L, "dio-write-invalidate-fail", 44L,
                "stale-page-after-dio-write", 183L);
        for (String rule : expected.keySet()) {
            assertEquals(expected.get(rule), findings(c, AnalyzedCorpus.FIO, rule), rule);
        }
        assertEquals(566, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND NOT trusted",
                c.id(AnalyzedCorpus.FIO)), "findings where the trace lost events are marked");
    }

    @Test
    void directReadsOfPagesDirtiedDuringTheRead() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        String t = "captured/xfs-dio-read-vs-mmap-race.trace.gz";
        assertEquals(1222, findings(c, t, "dio-read-of-dirty-range"));
        assertEquals(0, c.scalar("SELECT count(*) FROM finding_details WHERE rule = 'dio-read-of-dirty-range' "
                + "AND direction <> 'read'"));
    }
}
