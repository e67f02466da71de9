package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dioscope.TestTraces;
import io.dioscope.store.TableExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export writes the analysed tables partitioned by trace, and what it writes reads back exactly:
 * xfs-mmap-overlap (33 findings) and ext4-read-overlap, analysed into one database.
 */
class ExportCommandTest {
    @TempDir
    static Path dir;
    static Path db;

    @BeforeAll
    static void analyse() {
        db = dir.resolve("t.db");
        Cli r = Cli.run("analyze", "--db", db.toString(),
                TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString(),
                TestTraces.path("corpus/ext4-read-overlap.trace.gz").toString());
        assertEquals(1, r.exitCode, r.toString());
    }

    /** Per table, "trace_id=rows" for every trace that has rows, as SQL over {@code from} counts them. */
    private static TreeMap<String, String> counts(Connection c, String fromTemplate) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            for (TableExport.Table t : TableExport.TABLES) {
                List<String> parts = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT trace_id, count(*) FROM " + fromTemplate.formatted(t.name(), t.source())
                        + " GROUP BY trace_id ORDER BY trace_id")) {
                    while (rs.next()) parts.add(rs.getInt(1) + "=" + rs.getLong(2));
                }
                out.put(t.name(), String.join(" ", parts));
            }
        }
        return out;
    }

    private static TreeMap<String, String> databaseCounts() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            return counts(c, "%2$s");
        }
    }

    @Test
    void parquetReadsBackWithDuckDbRowForRow() throws Exception {
        Path out = dir.resolve("parquet");
        Cli r = Cli.run("export", "--db", db.toString(), "--parquet", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        TreeMap<String, String> expected = databaseCounts();
        // the golden findings: golden/corpus/xfs-mmap-overlap.trace.tsv (33) and ext4-read-overlap.trace.tsv (63)
        assertEquals("1=33 2=63", expected.get("findings"));
        assertTrue(expected.get("events").matches("1=\\d+ 2=\\d+"), expected.toString());
        assertTrue(Files.isRegularFile(out.resolve("events/trace_id=2/data_0.parquet")), "Hive layout, one directory per trace");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(expected, counts(c, "read_parquet('" + out + "/%1$s/*/*.parquet', hive_partitioning = true)"));
            // the columns, in order, are the database's: trace_id comes back from the directory name, last
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT string_agg(column_name, ' ') "
                    + "FROM (DESCRIBE SELECT * FROM read_parquet('" + out + "/dio_windows/*/*.parquet', hive_partitioning = true))")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith("window_id evidence direction"), rs.getString(1));
                assertTrue(rs.getString(1).endsWith(" trace_id"), rs.getString(1));
            }
        }
        assertTrue(r.out.contains("findings"), r.out);
    }

    @Test
    void csvReadsBackWithDuckDbRowForRow() throws Exception {
        Path out = dir.resolve("csv");
        Cli r = Cli.run("export", "--db", db.toString(), "--csv", out.toString());
        assertEquals(0, r.exitCode, r.toString());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            assertEquals(databaseCounts(), counts(c, "read_csv('" + out + "/%1$s/*/*.csv', hive_partitioning = true)"));
        }
    }

    @Test
    void aSecondReaderReadsTheSameRows() throws Exception {
        assumeTrue(pyarrowPresent(), "pyarrow is not installed (python3 -c 'import pyarrow.parquet' fails): "
                + "the Parquet files are not checked by a second reader on this machine");
        Path out = dir.resolve("parquet-pyarrow");
        assertEquals(0, Cli.run("export", "--db", db.toString(), "--parquet", out.toString()).exitCode);
        StringBuilder expected = new StringBuilder();
        for (var e : databaseCounts().entrySet()) {
            int total = 0;
            for (String part : e.getValue().split(" ")) if (!part.isEmpty()) total += Integer.parseInt(part.split("=")[1]);
            expected.append(e.getKey()).append(' ').append(total).append('\n');
        }
        String script = "import sys, pyarrow.dataset as ds\n"
                + "for t in sorted(sys.argv[2:]):\n"
                + "    print(t, ds.dataset(sys.argv[1] + '/' + t, format='parquet', partitioning='hive').count_rows())\n";
        List<String> cmd = new ArrayList<>(List.of("python3", "-c", script, out.toString()));
        for (TableExport.Table t : TableExport.TABLES) cmd.add(t.name());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        assertEquals(expected.toString(), printed);
    }

    private static boolean pyarrowPresent() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pyarrow.parquet").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aDatabaseNeverAnalysedOrANonEmptyDirectoryIsRefused() throws Exception {
        Path loaded = dir.resolve("loaded.db");
        assertEquals(0, Cli.run("load", "--db", loaded.toString(), TestTraces.path("corpus/xfs-clean.trace.gz").toString()).exitCode);
        Cli r = Cli.run("export", "--db", loaded.toString(), "--parquet", dir.resolve("p2").toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("dioscope: " + loaded + ": not analysed (no dio_windows, window_conflicts, finding_details); run "
                + "'dioscope analyze --db " + loaded + "' first\n", r.err);
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        r = Cli.run("export", "--db", db.toString(), "--csv", busy.toString());
        assertEquals(2, r.exitCode, r.toString());
        assertEquals("dioscope: --csv " + busy + ": is not empty; refusing to write into it (give a new or empty directory)\n", r.err);
    }
}
