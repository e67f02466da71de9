package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI job accepting known findings: written from one run, read by the next; the same workload recorded
 * again (other times, other pids, another trace.dat version) matches, another race does not.
 */
class BaselineTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    @Test
    void aRunAcceptedByItsOwnBaselinePasses(@TempDir Path dir) throws Exception {
        Path b = dir.resolve("baseline.json");
        Cli first = Cli.run("analyze", MMAP, "--write-baseline", b.toString());
        assertEquals(1, first.exitCode, first.toString());
        JsonNode written = new ObjectMapper().readTree(b.toFile());
        assertEquals(1, written.get("dioscope_baseline").asInt());
        assertTrue(written.get("findings").size() > 0);
        for (JsonNode f : written.get("findings")) {
            java.util.List<String> fields = new java.util.ArrayList<>();
            f.fieldNames().forEachRemaining(fields::add);
            assertEquals(java.util.List.of("rule", "direction", "ino", "pos", "len", "tasks", "example"), fields,
                    "keyed without times, lines or paths (the example message is for people)");
        }

        Cli again = Cli.run("analyze", MMAP, "--baseline", b.toString());
        assertEquals(0, again.exitCode, again.toString());
        assertTrue(again.out.contains("[baselined]"), again.out);
        assertTrue(again.out.matches("(?s).*Verdict: PASS \\(exit 0\\): no finding at or above critical in 1 complete trace\\(s\\) but the 9 the baseline accepts\\..*"),
                again.out);
        Cli json = Cli.run("analyze", MMAP, "--baseline", b.toString(), "--format", "json");
        JsonNode findings = new ObjectMapper().readTree(json.out).get("findings");
        for (JsonNode f : findings) assertTrue(f.get("baselined").asBoolean(), f.toString());
        Cli csv = Cli.run("analyze", MMAP, "--baseline", b.toString(), "--format", "csv");
        java.util.List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.DEFAULT.builder()
                .setHeader().get().parse(new java.io.StringReader(csv.out)).getRecords();
        assertEquals(findings.size() + 1, rows.size(), "the findings and the verdict:\n" + csv.out);
        for (var row : rows.subList(0, findings.size())) assertEquals("true", row.get("baselined"), row.toString());
        Cli fresh = Cli.run("analyze", MMAP, "--format", "csv");
        assertTrue(fresh.out.lines().skip(1).filter(l -> l.startsWith("finding,")).allMatch(l -> l.contains(",false,")),
                "without the baseline, none is baselined:\n" + fresh.out);
    }

    /** Two recordings of the same workload (trace-cmd/README.md): the second run's warnings are the first's. */
    @Test
    void theSameWorkloadRecordedAgainMatchesAnotherRaceDoesNot(@TempDir Path dir) throws Exception {
        Path b = dir.resolve("baseline.json");
        String first = TestTraces.path("trace-cmd/xfs-dio-overlap.v7-zstd.dat").toString();
        String rerun = TestTraces.path("trace-cmd/xfs-dio-overlap.v6.dat.gz").toString();
        String other = TestTraces.path("trace-cmd/xfs-read-overlap.v7-zstd.dat").toString();
        Cli w = Cli.run("analyze", first, "--fail-on", "warning", "--write-baseline", b.toString());
        assertEquals(1, w.exitCode, w.toString());
        Cli r = Cli.run("analyze", rerun, "--fail-on", "warning", "--baseline", b.toString());
        assertEquals(0, r.exitCode, "the rerun's overlapping writes are the known ones:\n" + r);
        Cli o = Cli.run("analyze", other, "--fail-on", "warning", "--baseline", b.toString());
        assertEquals(1, o.exitCode, "page-cache fills are new:\n" + o);
        assertTrue(o.out.contains("pagecache-fill-during-dio-write"), o.out);
    }

    @Test
    void aBadBaselineIsRefusedBeforeAnyLoading(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"findings\": 3}");
        Cli r = Cli.run("analyze", MMAP, "--baseline", bad.toString());
        assertEquals(ExitCode.ERROR, r.exitCode, r.toString());
        assertTrue(r.err.contains("--baseline: " + bad + ": not a dioscope baseline (written by analyze --write-baseline)"),
                r.err);
        assertFalse(r.out.contains("trace 1:"), "nothing was loaded");
        Cli missing = Cli.run("analyze", MMAP, "--baseline", dir.resolve("none.json").toString());
        assertTrue(missing.err.contains("none.json: no such baseline file"), missing.err);
    }
}
