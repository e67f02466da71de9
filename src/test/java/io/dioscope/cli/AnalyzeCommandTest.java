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
        assertTrue(r.out.contains("Findings: 9 critical, 24 warning, 0 info\n"), r.out);
        assertTrue(r.out.contains("Verdict: FINDINGS (exit 1): 9 finding(s) at or above critical.\n"), r.out);
        assertTrue(r.out.contains(" CRITICAL page-dirtied-during-dio-write (mmap store, survived): "), r.out);
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
    void anUnreadableInputIsExit2AfterTheRestIsAnalysedInEveryFormat(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("missing.trace").toString();
        Cli text = Cli.run("analyze", CLEAN, missing);
        assertEquals(2, text.exitCode, text.toString());
        assertTrue(text.out.contains("Not analysed\n  " + missing + ": "), text.out);
        assertTrue(text.out.contains("Verdict: UNREADABLE-INPUT (exit 2): 1 input(s) could not be analysed ("), text.out);
        assertTrue(text.out.contains("trace 1: " + CLEAN), "the readable trace is still analysed");

        Cli json = Cli.run("analyze", "--format", "json", CLEAN, missing);
        assertEquals(2, json.exitCode);
        JsonNode report = new ObjectMapper().readTree(json.out);
        assertEquals(missing, report.get("unread_inputs").get(0).get("path").asText());
        assertEquals("unreadable-input", report.get("verdict").get("outcome").asText());
        assertEquals(2, report.get("verdict").get("exit_code").asInt());
        assertEquals(1, report.get("traces").size());

        Cli csv = Cli.run("analyze", "--format", "csv", CLEAN, missing);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.out)).getRecords();
        assertEquals("unreadable-input", rows.get(0).get("record"));
        assertEquals(missing, rows.get(0).get("trace"));
        assertEquals("verdict", rows.get(rows.size() - 1).get("record"));
        assertEquals("unreadable-input", rows.get(rows.size() - 1).get("rule"));

        Path xml = dir.resolve("j.xml");
        assertEquals(2, Cli.run("analyze", "--format", "junit", "-o", xml.toString(), CLEAN, missing).exitCode);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(Files.newBufferedReader(xml)));
        Element error = (Element) doc.getElementsByTagName("error").item(0);
        assertEquals("unreadable-input", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").startsWith(missing + ": "));
    }

    @Test
    void aTraceWithoutPageCacheEventsCannotSupportAVerdict() throws Exception {
        // fstests generic/465 on XFS: O_DIRECT appends and O_DIRECT reads, and not one page-cache event
        String dioOnly = TestTraces.path("fstests/xfs/generic-465.trace.gz").toString();
        Cli text = Cli.run("analyze", dioOnly);
        assertEquals(3, text.exitCode, text.toString());
        assertTrue(text.out.contains("    NOT JUDGEABLE: it has no page-cache, mmap or buffered-I/O event"), text.out);
        assertTrue(text.out.contains("Verdict: NOT-JUDGEABLE (exit 3): 1 trace(s) cannot support a verdict"), text.out);
        JsonNode report = new ObjectMapper().readTree(Cli.run("analyze", "--format", "json", dioOnly).out);
        assertEquals("not-judgeable", report.get("verdict").get("outcome").asText());
        assertEquals("no page-cache events",
                report.get("traces").get(0).get("coverage").get("unjudgeable_because").get(0).asText());
        assertEquals(3, Cli.run("analyze", "--format", "junit", dioOnly).exitCode);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        // trace-cmd report --ts-diff of the corpus .dat: a '(+2)' column the parser does not read
        "captured/xfs-read-overlap.ts-diff.report.gz, mostly unparsed",
        // trace-cmd report -R: raw fields (dev=7340032 ino=0x83 ...) instead of the events' print format; its
        // direct-I/O lines lack the dev, ino and range a file event needs, so they are parse problems
        "captured/xfs-read-overlap.raw.report.gz, mostly unparsed",
        // xfs_io space operations and faults, buffered only
        "captured/space-ops-and-faults.trace.gz, no direct I/O"})
    void tracesThatLoadedButCannotBeJudgedExit3WithTheReason(String resource, String reason) throws Exception {
        String trace = TestTraces.path(resource).toString();
        Cli r = Cli.run("analyze", "--format", "json", trace);
        assertEquals(3, r.exitCode, r.toString());
        JsonNode report = new ObjectMapper().readTree(r.out);
        assertEquals("not-judgeable", report.get("verdict").get("outcome").asText());
        assertEquals(reason, report.get("traces").get(0).get("coverage").get("unjudgeable_because").get(0).asText());
        assertTrue(Cli.run("analyze", trace).out.contains("    NOT JUDGEABLE: "));
    }

    @Test
    void aForcedWrongInputFormatLoadsNothingAndIsExit2() {
        Cli r = Cli.run("analyze", "--input-format", "perf-script", CLEAN);
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains(CLEAN + ": has no events"), r.err);
        assertTrue(r.out.contains("Verdict: UNREADABLE-INPUT (exit 2)"), r.out);
    }

    @Test
    void uncertainFindingsFailTheRunOnlyWhenAskedTo() throws Exception {
        // the corpus fio trace lost 202,284 events: most of its critical findings sit in that span
        String fio = TestTraces.path("corpus/fio/xfs-fio-mixed.trace.gz").toString();
        JsonNode report = new ObjectMapper().readTree(Cli.run("analyze", "--format", "json", fio).out);
        long certain = 0;
        long uncertain = 0;
        for (JsonNode f : report.get("findings")) {
            if (!f.get("severity").asText().equals("critical")) continue;
            if (f.get("certain").asBoolean()) certain++;
            else uncertain++;
        }
        assertEquals(48, certain);
        assertEquals(375, uncertain);
        assertTrue(report.get("verdict").get("sentence").asText().startsWith("48 finding(s) at or above critical "
                + "(375 more where the trace lost events, not counted without --fail-on-uncertain)"), report.toString());
        JsonNode all = new ObjectMapper().readTree(Cli.run("analyze", "--format", "json", "--fail-on-uncertain", fio).out);
        assertEquals("423 finding(s) at or above critical.", all.get("verdict").get("sentence").asText());
    }

    @Test
    void aDatabaseReusedWithNewTracesReportsOnlyThoseUnlessAll(@TempDir Path dir) {
        String db = dir.resolve("t.db").toString();
        assertEquals(1, Cli.run("analyze", "--db", db, MMAP).exitCode);
        Cli second = Cli.run("analyze", "--db", db, CLEAN);
        assertEquals(0, second.exitCode, "only the clean trace is reported: " + second.out);
        assertFalse(second.out.contains(MMAP), second.out);
        Cli all = Cli.run("analyze", "--db", db, "--all", READ);
        assertEquals(1, all.exitCode);
        assertTrue(all.out.contains("trace 1: " + MMAP) && all.out.contains("trace 3: " + READ), all.out);
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

    /** A trace.dat with an instance: two traces, each format named as the file and its buffer are. */
    @Test
    void jsonReportOfATraceDatFollowsItsSchema() throws Exception {
        String dat = TestTraces.path("trace-cmd/xfs-read-overlap.instance.v7-zstd.dat").toString();
        Cli r = Cli.run("analyze", "--format", "json", dat);
        JsonNode report = new ObjectMapper().readTree(r.out);
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/analysis-report.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertEquals(Set.of(), schema.validate(report));
        assertEquals("trace.dat v7 zstd", report.get("traces").get(0).get("trace").get("format").asText());
        assertEquals(dat + "@dioscope-inst", report.get("traces").get(1).get("trace").get("path").asText());
        assertEquals("trace.dat v7 zstd, instance dioscope-inst", report.get("traces").get(1).get("trace").get("format").asText());
    }

    @Test
    void csvReportIsOneRowPerFinding() throws Exception {
        Cli r = Cli.run("analyze", "--format", "csv", MMAP);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.out)).getRecords();
        assertEquals(34, rows.size(), "33 findings and the verdict");
        assertEquals("finding", rows.get(0).get("record"));
        assertEquals("verdict", rows.get(33).get("record"));
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
        assertEquals(3, suites.getLength(), "two traces and the verdict");
        Element mmap = (Element) suites.item(0);
        assertEquals("13", mmap.getAttribute("tests")); // 12 rules and the coverage case
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
