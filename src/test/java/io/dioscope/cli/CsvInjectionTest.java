package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV a spreadsheet opens runs no formula: text cells that would start one get a leading quote. */
class CsvInjectionTest {
    private static final String CLEAN = TestTraces.path("corpus/xfs-clean.trace.gz").toString();

    private static List<CSVRecord> rows(String csv) throws Exception {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))
                .getRecords();
    }

    @Test
    void analyzeNeutralisesTextCellsIncludingTheTracePath(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectory(dir.resolve("rules"));
        Files.writeString(rules.resolve("formula.sql"), "-- id: formula\n-- severity: warning\n-- title: formulas\n"
                + "-- explanation: a message and an evidence a spreadsheet would run\n"
                + "SELECT window_id, '=HYPERLINK(\"http://example.invalid\",\"click\")' AS message, "
                + "'@SUM(1+1)' AS evidence FROM dio_windows ORDER BY window_id LIMIT 1\n");
        String hostilePath = "-cmd|' /C calc'!A0.trace"; // an input that cannot be read: its path is a row too
        Cli r = Cli.run("analyze", "--format", "csv", "--rules", rules.toString(), "--", CLEAN, hostilePath);
        assertEquals(2, r.exitCode, r.toString());
        List<CSVRecord> rows = rows(r.out);
        assertEquals("unreadable-input", rows.get(0).get("record"));
        assertEquals("'" + hostilePath, rows.get(0).get("trace"));
        CSVRecord finding = rows.stream().filter(x -> x.get("rule").equals("formula")).findFirst().orElseThrow();
        assertEquals("'=HYPERLINK(\"http://example.invalid\",\"click\")", finding.get("message"));
        assertEquals("'@SUM(1+1)", finding.get("evidence"));
        assertEquals(CLEAN, finding.get("trace"), "an ordinary path is left as it is");
        assertTrue(finding.get("offset").matches("\\d+"), finding.get("offset"));
    }

    @Test
    void queryNeutralisesTextButNotNumbers(@TempDir Path dir) throws Exception {
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, CLEAN).exitCode);
        Cli r = Cli.run("query", "--db", db, "--format", "csv",
                "SELECT -pos AS negative, -1.5 AS fraction, '-' || comm AS dash, '+' || event AS plus, "
                        + "chr(9) || comm AS tab, chr(13) || comm AS cr, comm, '=1+2' AS \"=label\" "
                        + "FROM events WHERE event = 'iomap_dio_rw_begin' AND pos > 0 ORDER BY line LIMIT 1");
        assertEquals(0, r.exitCode, r.toString());
        List<CSVRecord> rows = rows(r.out);
        CSVRecord row = rows.get(0);
        assertTrue(row.get("negative").matches("-\\d+"), "a negative number stays a number: " + row.get("negative"));
        assertEquals("-1.5", row.get("fraction"));
        String comm = row.get("comm");
        assertEquals("'-" + comm, row.get("dash"));
        assertEquals("'+iomap_dio_rw_begin", row.get("plus"));
        assertEquals("'\t" + comm, row.get("tab"));
        assertEquals("'\r" + comm, row.get("cr"));
        assertEquals("'=1+2", row.get("'=label"), "a column name is a cell too");
    }
}
