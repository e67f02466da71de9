package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.TestTraces;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --db on a DuckDB file dioscope did not make is refused before anything is written to it. */
class ForeignDatabaseTest {
    private static final String CLEAN = TestTraces.path("corpus/xfs-clean.trace.gz").toString();

    private static List<String> tables(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables ORDER BY 1")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    @Test
    void aForeignDatabaseIsRefusedAndLeftAsItWas(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("shop.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INTEGER, name VARCHAR)");
            st.execute("INSERT INTO customers VALUES (1, 'Ada')");
        }
        String expected = "dioscope: --db " + db + ": not a dioscope database: it holds table(s) dioscope did not make "
                + "(customers); nothing was changed (give --db a new file, or one made by dioscope load)\n";
        for (String[] args : List.of(new String[] {"analyze", "--db", db.toString(), CLEAN},
                new String[] {"load", "--db", db.toString(), CLEAN},
                new String[] {"report", "--db", db.toString(), "-o", dir.resolve("r").toString()},
                new String[] {"query", "--db", db.toString(), "SELECT count(*) FROM customers"})) {
            Cli r = Cli.run(args);
            assertEquals(2, r.exitCode, r.toString());
            assertEquals(expected, r.err, args[0]);
        }
        assertEquals(List.of("customers"), tables(db), "no dioscope table was created in it");
    }

    @Test
    void aDatabaseFromANewerDioscopeIsRefused(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("t.db");
        assertEquals(0, Cli.run("load", "--db", db.toString(), CLEAN).exitCode);
        assertTrue(tables(db).contains("dioscope_meta"), "the schema version is recorded");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("UPDATE dioscope_meta SET value = '99' WHERE key = 'schema_version'");
        }
        Cli r = Cli.run("analyze", "--db", db.toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.startsWith("dioscope: --db " + db + ": made by a newer dioscope (schema version 99"), r.err);
    }

    @Test
    void aDatabaseMadeBeforeTheSchemaVersionWasRecordedIsStillDioscopes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("t.db");
        assertEquals(0, Cli.run("load", "--db", db.toString(), CLEAN).exitCode);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("DROP TABLE dioscope_meta");
        }
        Cli r = Cli.run("analyze", "--db", db.toString());
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(tables(db).contains("dioscope_meta"));
    }

    @Test
    void theMemoryLimitIsAnOptionOrTheEnvironmentAndMustBeASize(@TempDir Path dir) {
        Cli bad = Cli.run("analyze", "--memory-limit", "lots", CLEAN);
        assertEquals(2, bad.exitCode);
        assertEquals("dioscope: --memory-limit: 'lots' is not a size (for example 4GB, 512MiB, 2g)\n"
                + "Usage: dioscope analyze [OPTIONS] [TRACE...]\nsee 'dioscope analyze --help'\n", bad.err);
        String db = dir.resolve("t.db").toString();
        assertEquals(0, Cli.run("load", "--db", db, "--memory-limit", "300MB", CLEAN).exitCode);
        Cli q = Cli.run("query", "--db", db, "--memory-limit", "256MiB", "--format", "csv",
                "SELECT current_setting('memory_limit') AS m");
        assertEquals(0, q.exitCode, q.toString());
        assertEquals("m\n256.0 MiB\n", q.out);
        Cli analyze = Cli.run("analyze", "--memory-limit", "256MiB", CLEAN);
        assertEquals(0, analyze.exitCode, analyze.toString());
    }
}
