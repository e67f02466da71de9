package io.dioscope.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.TestTraces;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel developers' own workloads (src/test/resources/fstests/README.md): fstests' helper programs
 * run as generic/095 208 209 240 247 418 451 465 647 run them, on XFS, ext4 and ext4 -b 1024, each of
 * which passed its own check on 6.18 and made the kernel print nothing (its warning budget was spent).
 */
class FstestsVerdictTest {
    /** Evidence of a failed post-write invalidation: a page of the range still cached after it. */
    private static final List<String> FAILED_INVALIDATION = List.of("filled before submission", "filled before end_io",
            "filled before the invalidation", "failed release", "survived the invalidation", "mmap store, survived",
            "buffered write, survived", "buffered write+mmap store, survived", "dirtied, survived");

    static Stream<String> traces() {
        return AnalyzedCorpus.FSTESTS.stream().filter(t -> t.startsWith("fstests/"));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void eachRunPassedItsOwnCheckAndTheKernelPrintedNothing(String trace) {
        List<String> truth = TestTraces.lines(trace.replace(".trace.gz", ".truth"));
        assertTrue(truth.contains("kernel_log_invalidation_failure=0") && truth.contains("kernel_log_dio_collision=0"), trace);
        assertTrue(truth.stream().noneMatch(l -> l.contains("Page cache invalidation failure")
                || l.contains("Direct I/O collision")), trace);
        String buffer = truth.stream().filter(l -> l.startsWith("ring_buffer=")).findFirst().orElseThrow();
        String[] ab = buffer.replaceAll(".*: (\\d+)/(\\d+).*", "$1 $2").split(" ");
        assertEquals(ab[0], ab[1], trace + ": nothing overwritten");
    }

    /**
     * No certain critical finding unless the trace shows the post-write invalidation failing: a page of
     * the range still in the cache after it, the very condition of the kernel's warning, which the
     * kernel rate-limits away. Only 095 and 208 race buffered or mmap writes against direct writes of the
     * same bytes (fstests filters the kernel's warning out of their dmesg check for that reason).
     */
    @ParameterizedTest
    @MethodSource("traces")
    void criticalOnlyWhereTheInvalidationFailed(String trace) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<List<String>> critical = c.rows("SELECT DISTINCT evidence FROM finding_details WHERE trace_id = %d "
                + "AND severity = 'critical' AND certain ORDER BY ALL", c.id(trace));
        boolean racesWrites = trace.contains("generic-095") || trace.contains("generic-208");
        if (!racesWrites) {
            assertEquals(List.of(), critical, trace);
        } else {
            for (List<String> e : critical) assertTrue(FAILED_INVALIDATION.contains(e.get(0)), trace + ": " + e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xfs", "ext4", "ext4-1k"})
    void generic418FillsAfterTheDataLandedAreNotStale(String fs) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("fstests/" + fs + "/generic-418.trace.gz");
        assertEquals(0, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND severity = 'critical'", id));
        assertTrue(c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'pagecache-fill-during-dio-write'", id) > 0, "the fills are still reported, as warnings");
    }

    @ParameterizedTest
    @CsvSource({"xfs, 498445", "ext4, 66350", "ext4-1k, 8242"})
    void generic465ReadsThatNeverCompleteAreNotWriteWindows(String fs, long windows) throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int id = c.id("fstests/" + fs + "/generic-465.trace.gz");
        assertEquals(windows, c.scalar("SELECT count(*) FROM dio_windows WHERE trace_id = %d", id));
        assertEquals(0, c.scalar("SELECT count(*) FROM finding_details WHERE trace_id = %d AND "
                + "rule = 'overlapping-dio-writes'", id));
    }
}
