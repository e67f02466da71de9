package io.dioscope.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.model.ModelBuilder;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * fstests' own ./check, not only its helper programs: generic/465 run by ./check on XFS (6.18) under
 * `dioscope record --fs TEST_DIR` (fstests/check/: its .truth has check's and record's output). The
 * test passed and the kernel printed nothing, so nothing may be critical. At full scale its
 * aio-dio-append-write-read-race reader reads at the very offset the writer is appending at, and each
 * such read returns without I/O: those reads must not take the writes' completions (512 writes were
 * once left open to the end of the trace, each a false critical space-op-during-dio-write). Its only
 * I/O is direct, and the recording had the page-cache events on: no page-cache event means none
 * happened, and the trace can be judged.
 */
class FstestsCheckTest {
    /** The recording loaded, modelled and judged by the built-in rules, as analyze does. */
    private static Database analysed(String resource) throws Exception {
        Database db = Database.open(null);
        new TraceLoader(db, LoadOptions.defaults()).load(TestTraces.path(resource), ProgressListener.NONE);
        ModelBuilder.build(db);
        RuleEngine.run(db, RuleSet.builtIn());
        return db;
    }

    @Test
    void generic465UnderCheckIsCleanAndJudged() throws Exception {
        List<String> truth = TestTraces.lines("fstests/check/generic-465.truth");
        assertTrue(truth.contains("Passed all 1 tests"), "check passed");
        assertTrue(truth.contains("kernel_log_invalidation_failure=0"));
        assertTrue(truth.contains("dioscope record: complete: no event lost on any CPU"));
        try (Database db = analysed("fstests/check/generic-465.dat")) {
            assertEquals(1029, db.scalarLong("SELECT count(*) FROM dio_windows WHERE direction = 'write' AND outcome = 'completed'"));
            assertEquals(0, db.scalarLong("SELECT count(*) FROM dio_windows WHERE outcome = 'in-flight-at-end'"));
            assertEquals(0, db.scalarLong("SELECT count(*) FROM findings"));
            assertEquals(0, db.scalarLong("SELECT len(reasons) FROM trace_judgement"), "judged: the page-cache events were on");
        }
    }

    @Test
    void generic418UnderCheckHasNoCriticalFinding() throws Exception {
        List<String> truth = TestTraces.lines("fstests/check/generic-418.truth");
        assertTrue(truth.contains("Passed all 1 tests"), "check passed");
        assertTrue(truth.contains("kernel_log_invalidation_failure=0"));
        try (Database db = analysed("fstests/check/generic-418.dat")) {
            // its dio-invalidate-cache reads pages 0-1 while a write of page 2-3 extends a file of
            // size 0: zeros there are right whatever the order (7 false criticals in the full ./check
            // run before the rule asked for pages the write puts bytes in)
            assertEquals(0, db.scalarLong("SELECT count(*) FROM findings WHERE severity = 'critical'"));
            assertEquals(0, db.scalarLong("SELECT count(*) FROM findings WHERE rule = 'eof-page-fill-during-extending-dio-write'"));
            assertEquals(905, db.scalarLong("SELECT count(*) FROM findings WHERE rule = 'pagecache-fill-during-dio-write'"),
                    "the fills are still reported, as warnings");
        }
    }
}
