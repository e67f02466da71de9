package io.dioscope.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import io.dioscope.report.Finding;
import io.dioscope.store.Database;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which findings get charts: the worst first, so many in all and so many of one rule on one file. */
class ChartedFindingsTest {
    /** The bundled sample's 33 findings (six rules on one file), and a repeated race's 1,222 (one rule, one file). */
    private static List<Finding> mmap;
    private static List<Finding> repeated;

    @BeforeAll
    static void analyse() throws Exception {
        try (Database db = Database.open(null)) {
            mmap = HtmlReportTest.analysis(db, TestTraces.path("corpus/xfs-mmap-overlap.trace.gz")).findings();
        }
        try (Database db = Database.open(null)) {
            repeated = HtmlReportTest.analysis(db, TestTraces.path("captured/xfs-dio-read-vs-mmap-race.trace.gz")).findings();
        }
    }

    private static List<Integer> ids(ChartedFindings c) {
        return c.findings().stream().map(Finding::id).toList();
    }

    private static Finding finding(List<Finding> findings, int id) {
        return findings.stream().filter(f -> f.id() == id).findFirst().orElseThrow();
    }

    @Test
    void theSampleKeepsItsTenWorst() {
        // findings 1-10: three faults, three pages dirtied, three stale pages, one failed invalidation
        ChartedFindings c = ChartedFindings.choose(mmap, 10, 3);
        assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), ids(c));
        assertEquals("Charts are drawn for 10 of the 33 findings, the worst first: at most 10 in all and at most 3 of "
                + "one rule on one file (--charts N|all and --charts-per-rule-file K|all change that).", c.note());
        assertEquals(List.of(), c.chartedInstead(finding(mmap, 11)), "left out by --charts, not by the rule and file");
    }

    @Test
    void twoOfOneRuleOnOneFileLeaveTheRestToOtherRules() {
        // 1, 2 faults; 3, 4 dirtied; 5 a third fault; 6 stale; 7 a third page dirtied; 8 stale; 9 a third stale page;
        // 10 a failed invalidation; 11, 12 cache fills; 13 a failed invalidation
        ChartedFindings c = ChartedFindings.choose(mmap, 10, 2);
        assertEquals(List.of(1, 2, 3, 4, 6, 8, 10, 11, 12, 13), ids(c));
        assertEquals(List.of(1, 2), c.chartedInstead(finding(mmap, 5)));
        assertEquals(List.of(3, 4), c.chartedInstead(finding(mmap, 7)));
        assertEquals(List.of(11, 12), c.chartedInstead(finding(mmap, 14)));
        assertEquals(List.of(), c.chartedInstead(finding(mmap, 1)), "it has charts");
        assertEquals(4, c.position(finding(mmap, 6)));
        assertEquals(-1, c.position(finding(mmap, 5)));
    }

    @Test
    void aRaceRepeatedOnOneFileGetsThreeCharts() {
        ChartedFindings c = ChartedFindings.choose(repeated, 10, 3);
        assertEquals(List.of(1, 2, 3), ids(c));
        assertEquals(List.of(1, 2, 3), c.chartedInstead(finding(repeated, 1222)));
        assertEquals("Charts are drawn for 3 of the 1,222 findings, the worst first: at most 10 in all and at most 3 "
                + "of one rule on one file (--charts N|all and --charts-per-rule-file K|all change that).", c.note());
        assertTrue(c.anyBetween(2, 100));
        assertTrue(!c.anyBetween(3, 1222), "findings 4, ... (indexes 3, ...) have none");
        assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), ids(ChartedFindings.choose(repeated, 10, Integer.MAX_VALUE)));
    }

    @Test
    void everyFindingOrNone() {
        ChartedFindings all = ChartedFindings.choose(mmap, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(33, all.findings().size());
        assertNull(all.note(), "nothing left out, nothing to say");
        ChartedFindings none = ChartedFindings.choose(mmap, 0, 3);
        assertEquals(List.of(), ids(none));
        assertEquals("The finding sections have no charts (--charts 0).", none.note());
        assertEquals(List.of(), none.chartedInstead(finding(mmap, 1)));
    }

    @ParameterizedTest
    @CsvSource({"10,3", "5,1", "25,2", "1000,4", "2000,1000"})
    void neverMoreThanAskedAndNoneSkippedThatFitted(int max, int perRuleFile) {
        for (List<Finding> findings : List.of(mmap, repeated)) {
            ChartedFindings c = ChartedFindings.choose(findings, max, perRuleFile);
            assertTrue(c.findings().size() <= max);
            Map<String, Integer> ofRuleFile = new HashMap<>();
            int charted = 0;
            for (Finding f : findings) {
                String key = f.rule() + " " + f.traceId() + " " + f.dev() + " " + f.knownIno();
                int n = ofRuleFile.getOrDefault(key, 0);
                boolean fits = n < perRuleFile && charted < max;
                assertEquals(fits, c.position(f) >= 0, "finding " + f.id());
                if (fits) {
                    assertEquals(charted, c.position(f), "in the findings' order");
                    ofRuleFile.put(key, n + 1);
                    charted++;
                } else if (n >= perRuleFile) {
                    assertEquals(perRuleFile, c.chartedInstead(f).size(), "finding " + f.id());
                }
            }
        }
    }
}
