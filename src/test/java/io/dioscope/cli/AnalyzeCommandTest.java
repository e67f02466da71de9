package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.dioscope.TestTraces;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** analyze as a post-mortem engineer and a CI job use it: reports, exit codes, formats. */
class AnalyzeCommandTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();
    private static final String CLEAN = TestTraces.path("corpus/xfs-clean.trace.gz").toString();
    private static final String READ = TestTraces.path("corpus/ext4-read-overlap.trace.gz").toString();
    private static final String OVERRUN = TestTraces.path("captured/xfs-overrun.trace.gz").toString();

    @Test
    void textReportGivesCoverageThenRulesThenTheWorstFindingsExplained() {
        Cli r = Cli.run("analyze", MMAP);
        assertEquals(1, r.exitCode, "critical findings fail the run by default");
        int coverage = r.out.indexOf("Coverage\n");
        int rules = r.out.indexOf("\nRules\n");
        int worst = r.out.indexOf("\nWorst findings (10 of ");
        assertTrue(coverage >= 0 && coverage < rules && rules < worst, r.out);
        assertTrue(r.out.contains("    direct writes: 56 completed, 8 fallback\n"), r.out);
        assertTrue(r.out.contains("    complete: nothing lost\n"));
        assertTrue(r.out.matches("(?s).*  critical  page-dirtied-during-dio-write +3 +3 +0 +0\n.*"), r.out);
        assertTrue(r.out.contains("  #1 CRITICAL "));
        assertTrue(r.out.contains("of inode 131 on 7:0 by dioscen (27198)"));
        assertTrue(r.out.contains("Verdict: 9 critical, 24 warning, 0 info finding(s)"), r.out);
    }

    @Test
    void exitCodes() {
        assertEquals(0, Cli.run("analyze", CLEAN).exitCode, "nothing found in the clean control");
        assertEquals(0, Cli.run("analyze", READ).exitCode, "fills are warnings; the default threshold is critical");
        assertEquals(1, Cli.run("analyze", "--fail-on", "warning", READ).exitCode);
        Cli overrun = Cli.run("analyze", OVERRUN);
        assertEquals(3, overrun.exitCode, "nothing found, but the trace lost events: " + overrun.out);
        assertTrue(overrun.out.contains("INCOMPLETE: 566 events overwritten in the ring buffer"), overrun.out);
        assertEquals(2, Cli.run("analyze").exitCode);
        assertEquals(2, Cli.run("analyze", "--fail-on", "bad", CLEAN).exitCode);
        assertEquals(2, Cli.run("analyze", "/nonexistent.trace").exitCode);
    }

    @Test
    void jsonReportFollowsItsSchema() throws Exception {
        Cli r = Cli.run("analyze", "--format", "json", MMAP, CLEAN);
        assertEquals(1, r.exitCode);
        JsonNode report = new ObjectMapper().readTree(r.out);
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/analysis-report.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(report);
        assertEquals(Set.of(), errors);
        assertEquals(2, report.get("traces").size());
        JsonNode first = report.get("findings").get(0);
        assertEquals("critical", first.get("severity").asText());
        JsonNode w = first.get("window");
        assertTrue(w.get("end_ns").asLong() > w.get("begin_ns").asLong());
        assertEquals(65536, w.get("length").asLong());
        assertTrue(first.get("conflicts").size() > 0);
        JsonNode c = first.get("conflicts").get(0);
        assertTrue(c.get("ts_ns").asLong() > w.get("begin_ns").asLong());
        assertEquals(56, report.get("traces").get(0).get("windows_by_outcome").get("write").get("completed").asLong());
        assertTrue(r.err.contains("trace 1: "), "progress goes to stderr, keeping stdout parseable");
    }

    @Test
    void csvReportIsOneRowPerFinding() throws Exception {
        Cli r = Cli.run("analyze", "--format", "csv", MMAP);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.out)).getRecords();
        assertEquals(33, rows.size());
        assertEquals("7:0", rows.get(0).get("dev"));
        assertEquals("131", rows.get(0).get("ino"));
        assertFalse(rows.get(0).get("conflict_lines").isEmpty());
    }

    @Test
    void junitReportHasACasePerRuleAndOneForCoverage(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("dioscope.xml");
        Cli r = Cli.run("analyze", "--format", "junit", "-o", xml.toString(), MMAP, OVERRUN);
        assertEquals(1, r.exitCode);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(Files.newBufferedReader(xml)));
        NodeList suites = doc.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element mmap = (Element) suites.item(0);
        assertEquals("11", mmap.getAttribute("tests"));
        assertEquals("3", mmap.getAttribute("failures"));
        NodeList failures = mmap.getElementsByTagName("failure");
        List<String> failed = new java.util.ArrayList<>();
        for (int i = 0; i < failures.getLength(); i++) {
            failed.add(((Element) failures.item(i).getParentNode()).getAttribute("name"));
        }
        assertEquals(List.of("mmap-fault-during-dio-write", "page-dirtied-during-dio-write", "stale-page-after-dio-write"),
                failed, "the rules with critical findings; mmap faults are critical when the page was then dirtied");
        Element overrun = (Element) suites.item(1);
        Element coverage = (Element) overrun.getElementsByTagName("testcase").item(0);
        assertEquals("coverage", coverage.getAttribute("name"));
        assertEquals("incomplete-coverage",
                ((Element) coverage.getElementsByTagName("failure").item(0)).getAttribute("type"));
    }

    @Test
    void reusingADatabaseAndAddingOwnRules(@TempDir Path dir) throws Exception {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, READ).exitCode);
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("slow.sql"), "-- id: slow-direct-write\n-- severity: info\n"
                + "-- title: slow\n-- explanation: long windows\n"
                + "SELECT window_id, 'slow' AS message FROM dio_windows WHERE complete_ts - begin_ts > 1000000\n");
        Cli r = Cli.run("analyze", "--db", db, "--rules", rules.toString(), "--fail-on", "info");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.out.matches("(?s).*  info      slow-direct-write +[1-9]\\d* .*"), r.out);
        assertFalse(r.out.contains(" events from "), "nothing loaded again: " + r.out);
        Cli broken = Cli.run("analyze", "--db", db, "--rules", dir.resolve("nope").toString());
        assertEquals(2, broken.exitCode);
        assertEquals("dioscope: " + dir.resolve("nope") + ": not a directory of rule files\n", broken.err);
    }

    @Test
    void rulesCommandListsTheRules() {
        Cli r = Cli.run("rules");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("stale-page-after-dio-write"));
        assertTrue(r.out.contains("queries/rules/overlapping-dio-writes.sql"));
        Cli v = Cli.run("rules", "--verbose");
        assertTrue(v.out.contains("Source: fstests generic/418"), v.out);
    }
}
