package io.dioscope.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dioscope.TestTraces;
import io.dioscope.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dioscope fleet --master local[2]} (issue 17) on a directory of real traces, one unreadable and
 * one that lost events: every trace's Parquet rows say what {@code dioscope analyze --format json} says
 * of it alone, a rerun replaces its partitions, and every fleet query gives the same answer in Spark
 * SQL and in DuckDB over the same files.
 */
class FleetLocalModeTest {
    private static final List<String> TRACES = List.of("corpus/xfs-mmap-overlap.trace.gz", "corpus/ext4-clean.trace.gz",
            "corpus/ext4-read-overlap.trace.gz", "captured/xfs-pipe-lost.trace.gz");

    private static Path runs(Path dir) throws Exception {
        Path runs = Files.createDirectories(dir.resolve("runs/nightly"));
        for (String t : TRACES) Files.copy(TestTraces.path(t), runs.resolve(Path.of(t).getFileName()));
        // a real file that is not a trace, named like one
        Files.copy(TestTraces.path("corpus/ext4-clean.extents"), runs.resolve("broken.trace"));
        return dir.resolve("runs");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run dioscope(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                rows.add(row);
            }
        }
        return rows;
    }

    /** DuckDB over the fleet's Parquet: a view per table, with run and trace from the directory names. */
    private static Connection duckDb(Path out) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = c.createStatement()) {
            for (String table : FleetLayout.tables()) {
                if (!Files.isDirectory(out.resolve(table))) continue;
                st.execute("CREATE VIEW " + table + " AS SELECT * FROM read_parquet('" + out.resolve(table)
                        + "/*/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)");
            }
        }
        return c;
    }

    @Test
    void eachTracesRowsAreWhatAnalyzeSaysAndTheQueriesAgreeInSparkAndDuckDb(@TempDir Path dir) throws Exception {
        Path runs = runs(dir);
        Path out = dir.resolve("fleet");
        Run r = dioscope("fleet", "--master", "local[2]", "--out", out.toString(), "--run", "r1", runs.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.out.contains("5 trace(s) in "), r.out);
        assertTrue(r.out.matches("(?s).*unreadable-input +exit 2 +\\S*broken\\.trace.*not a kernel trace.*"), r.out);

        try (Connection c = duckDb(out)) {
            List<List<String>> verdicts = rows(c, "SELECT path, outcome, exit_code, findings FROM verdicts ORDER BY path");
            assertEquals(5, verdicts.size(), verdicts.toString());
            for (List<String> v : verdicts) {
                String path = v.get(0);
                Run alone = dioscope("analyze", "--format", "json", path);
                JsonNode json = new ObjectMapper().readTree(alone.out);
                assertEquals(json.get("verdict").get("outcome").asText(), v.get(1), path);
                assertEquals(json.get("verdict").get("exit_code").asText(), v.get(2), path);
                assertEquals(String.valueOf(json.get("findings").size()), v.get(3), path);
                List<String> expected = new ArrayList<>();
                for (JsonNode f : json.get("findings")) {
                    expected.add(f.get("rule").asText() + " " + f.get("severity").asText() + " " + f.get("message").asText());
                }
                expected.sort(null);
                List<String> got = new ArrayList<>();
                for (List<String> f : rows(c, "SELECT f.rule, f.severity, f.message FROM findings f JOIN verdicts v "
                        + "ON v.run = f.run AND v.trace = f.trace WHERE v.path = '" + path.replace("'", "''") + "'")) {
                    got.add(String.join(" ", f));
                }
                got.sort(null);
                assertEquals(expected, got, "the findings of " + path);
            }
            assertEquals(List.of(List.of("incomplete", "3")), rows(c,
                    "SELECT outcome, exit_code FROM verdicts WHERE path LIKE '%xfs-pipe-lost%'"), "lost events are said");
            long files = Files.walk(out).filter(Files::isRegularFile).count();

            // the same run again: each trace's partitions are replaced, not added to
            Run again = dioscope("fleet", "--master", "local[2]", "--out", out.toString(), "--run", "r1", runs.toString());
            assertEquals(0, again.exitCode, again.toString());
            assertEquals(files, Files.walk(out).filter(Files::isRegularFile).count());
            assertEquals("5", rows(c, "SELECT count(*) FROM verdicts").get(0).get(0));
        }

        // a later run with one more trace: its findings are the new ones
        Path extra = Files.copy(TestTraces.path("corpus/xfs-dio-overlap.trace.gz"), runs.resolve("nightly/xfs-dio-overlap.trace.gz"));
        Run r2 = dioscope("fleet", "--master", "local[2]", "--out", out.toString(), "--run", "r2", runs.toString());
        assertEquals(0, r2.exitCode, r2.toString());

        SparkSession spark = FleetJob.session("local[2]");
        try (Connection c = duckDb(out)) {
            for (String table : FleetLayout.tables()) {
                spark.read().parquet(out.resolve(table).toString()).createOrReplaceTempView(table);
            }
            List<Path> queries;
            try (var files = Files.list(Path.of("queries/fleet"))) {
                queries = files.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
            }
            assertEquals(4, queries.size(), queries.toString());
            Map<String, Integer> sizes = new TreeMap<>();
            for (Path q : queries) {
                String sql = Files.readString(q);
                List<List<String>> inDuckDb = rows(c, sql);
                List<List<String>> inSpark = new ArrayList<>();
                for (Row row : spark.sql(sql).collectAsList()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < row.length(); i++) cells.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
                    inSpark.add(cells);
                }
                assertEquals(inDuckDb, inSpark, q.getFileName() + ": the same rows in the same order in both engines");
                sizes.put(q.getFileName().toString(), inDuckDb.size());
            }
            assertTrue(sizes.values().stream().allMatch(n -> n > 0), "every query has something to say here: " + sizes);
            // new in r2: exactly the findings of the trace added, none of the others
            List<List<String>> fresh = rows(c, Files.readString(Path.of("queries/fleet/new-findings-in-latest-run.sql")));
            assertTrue(fresh.stream().allMatch(row -> row.get(0).equals(extra.getFileName().toString())), fresh.toString());
        } finally {
            spark.stop();
        }
    }
}
