package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Narrowing a real finding set without SQL (issue 13, item 2): by rule, task, time span, file; the
 * direct-I/O windows as a table; one finding explained in full.
 */
class FocusAndExplainTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    private static String findingsLine(Cli r) {
        return Arrays.stream(r.out.split("\n")).filter(l -> l.startsWith("Findings: ")).findFirst().orElse(r.out);
    }

    @Test
    void focusNarrowsTheFindingsAndTheVerdict() {
        Cli all = Cli.run("analyze", MMAP);
        assertEquals(1, all.exitCode);
        assertEquals("Findings: 9 critical, 24 warning, 0 info", findingsLine(all));

        Cli onlyFills = Cli.run("analyze", MMAP, "--rule", "pagecache-fill-during-dio-write");
        assertEquals(0, onlyFills.exitCode, "warnings only: nothing critical in focus");
        assertEquals("Findings: 0 critical, 12 warning, 0 info", findingsLine(onlyFills));
        assertTrue(!onlyFills.out.contains("mmap-fault-during-dio-write"), "the other rules did not run");

        Cli skip = Cli.run("analyze", MMAP, "--skip-rule", "mmap-fault-during-dio-write", "--skip-rule",
                "page-dirtied-during-dio-write", "--skip-rule", "stale-page-after-dio-write");
        assertEquals(0, skip.exitCode, skip.toString());
        assertEquals("Findings: 0 critical, 20 warning, 0 info", findingsLine(skip));

        Cli otherFile = Cli.run("analyze", MMAP, "--file", "132");
        assertEquals(0, otherFile.exitCode);
        assertEquals("Findings: 0 critical, 0 warning, 0 info", findingsLine(otherFile));
        assertEquals(findingsLine(all), findingsLine(Cli.run("analyze", MMAP, "--file", "0x83", "--dev", "7:0")));

        Cli late = Cli.run("analyze", MMAP, "--from", "4195.9657", "--to", "4195.966");
        assertEquals("Findings: 3 critical, 3 warning, 0 info", findingsLine(late));

        Cli task = Cli.run("analyze", MMAP, "--comm", "no-such-task");
        assertEquals("Findings: 0 critical, 0 warning, 0 info", findingsLine(task));

        Cli bad = Cli.run("analyze", MMAP, "--rule", "no-such-rule");
        assertEquals(ExitCode.ERROR, bad.exitCode);
        assertTrue(bad.err.contains("--rule/--skip-rule: no rule 'no-such-rule' (rules: "), bad.err);
        Cli badTime = Cli.run("analyze", MMAP, "--from", "soon");
        assertTrue(badTime.err.contains("--from: 'soon' is not a time in seconds"), badTime.err);
    }

    @Test
    void windowsListsTheDirectIoWindowsInFocus() {
        Cli r = Cli.run("windows", MMAP, "--file", "131", "--from", "4195.9657", "--to", "4195.966", "--format", "csv");
        assertEquals(0, r.exitCode, r.toString());
        String[] rows = r.out.split("\n");
        assertEquals("trace,window,direction,outcome,dev,ino,pos,len,begin,end,submitted_by,aio,evidence,begin_line,findings,"
                + "bios,max_d2c_us",
                rows[0]);
        assertEquals(8, rows.length, r.out); // 7 windows in flight in that span
        assertTrue(r.out.contains("1,60,write,completed,7:0,131,0x0,0x10000,4195.965759,4195.965866,dioscen (27198),true,iomap,2672,4,0,"),
                r.out);
    }

    @Test
    void explainShowsTheWindowTheConflictsTheRuleAndTheTasks() {
        Cli r = Cli.run("explain", "1", MMAP);
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.startsWith("#1 CRITICAL mmap-fault-during-dio-write (dirtied, survived)\n"), r.out);
        assertTrue(r.out.contains("begun 4195.965759 (line 2672), ended 4195.965866 (line 2761); rebuilt from iomap"), r.out);
        assertTrue(r.out.contains("2677  4195.965770  dioscen (27199)  mm_filemap_fault          0x0  0x1000"), r.out);
        assertTrue(r.out.contains("Rule mmap-fault-during-dio-write: "), r.out);
        assertTrue(r.out.contains("FROM window_conflicts c JOIN dio_windows w USING (window_id)"), "the rule's SQL");
        assertTrue(r.out.contains("Events of the tasks involved (3) around the window"), r.out);
        assertTrue(r.out.contains("in window"), r.out);
        Cli none = Cli.run("explain", "99", MMAP);
        assertEquals(ExitCode.ERROR, none.exitCode);
        assertTrue(none.err.contains("no finding #99 (this analysis has 33)"), none.err);
    }
}
