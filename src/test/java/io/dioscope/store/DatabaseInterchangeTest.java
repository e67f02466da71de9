package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file dioscope wrote is one other DuckDBs can use: written in a storage version DuckDB
 * 1.x opens, and EXPORT DATABASE / IMPORT DATABASE carry it over whole.
 */
class DatabaseInterchangeTest {
    private static final String MMAP = TestTraces.path("corpus/xfs-mmap-overlap.trace.gz").toString();

    private static Path analysed(Path dir) {
        Path db = dir.resolve("t.db");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "analyze", "--db", db.toString(), MMAP);
        assertEquals(1, code, "xfs-mmap-overlap holds critical findings: " + err);
        return db;
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aDatabaseFileIsWrittenInTheStorageVersionDuckDb1Reads(@TempDir Path dir) throws Exception {
        Path db = analysed(dir);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            assertEquals("{storage_version=v1.0.0+}",
                    string(c, "SELECT tags::VARCHAR FROM duckdb_databases() WHERE database_name = current_database()"));
        }
        // the main header: an 8-byte checksum, "DUCK", then the version number as a little-endian
        // uint64: 64, which DuckDB 1.0 to 1.4 read (2.0's own format is not 64)
        byte[] head = new byte[20];
        try (var in = Files.newInputStream(db)) {
            assertEquals(20, in.readNBytes(head, 0, 20));
        }
        assertEquals("DUCK", new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII));
        long version = java.nio.ByteBuffer.wrap(head, 12, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(64, version);
    }

    @Test
    void exportDatabaseThenImportIntoAFreshDuckDbKeepsTablesViewsAndMacros(@TempDir Path dir) throws Exception {
        Path db = analysed(dir);
        Path exported = dir.resolve("exported");
        long findings;
        long events;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            findings = Long.parseLong(string(c, "SELECT count(*) FROM finding_details"));
            events = Long.parseLong(string(c, "SELECT count(*) FROM events"));
            st.execute("EXPORT DATABASE '" + exported + "' (FORMAT parquet)");
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("IMPORT DATABASE '" + exported + "'");
            assertEquals(33, findings, "the README's finding count for this trace");
            assertEquals(String.valueOf(findings), string(c, "SELECT count(*) FROM finding_details"));
            assertEquals(String.valueOf(events), string(c, "SELECT count(*) FROM events"));
            // the macros the file keeps, on the body of the trace's first mm_filemap_add_to_page_cache
            // ('dev 7:0 ino 83 pfn=0x11d000 ofs=0 order=8'; typed events keep no body without --keep-body)
            String line = TestTraces.firstLineWith("corpus/xfs-mmap-overlap.trace.gz", "mm_filemap_add_to_page_cache:");
            String body = line.substring(line.indexOf("mm_filemap_add_to_page_cache: ") + 30);
            assertEquals("0x11d000 8", string(c, "SELECT arg(b, 'pfn') || ' ' || args(b)['order'] FROM (SELECT '"
                    + body + "' AS b)"));
        }
    }

    @Test
    void analysingAFileWithAnEarlierDioscopesPersistentMacrosDropsThem(@TempDir Path dir) throws Exception {
        Path db = analysed(dir);
        // as a dioscope before the macros were TEMP left the file: byte_range before the hexoff it calls
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE MACRO hexoff(x) AS '0x' || lower(hex(x))");
            st.execute("CREATE MACRO byte_range(pos, end_pos) AS '[' || hexoff(pos) || ', ' || hexoff(end_pos) || ')'");
        }
        StringWriter err = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "analyze", "--db", db.toString()),
                err.toString());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            assertEquals("arg, args", string(c, "SELECT string_agg(DISTINCT function_name, ', ' ORDER BY function_name) "
                    + "FROM duckdb_functions() WHERE database_name = current_database() "
                    + "AND function_type IN ('macro', 'table_macro')"));
        }
    }

    /** The older DuckDB the build puts beside the classes (pom.xml, duckdb.older.version), run in a JVM of its own. */
    private static String olderDuckDb(String db, String... sql) throws Exception {
        Path jar;
        try (var jars = Files.list(Path.of("target/older-duckdb"))) {
            jar = jars.filter(p -> p.getFileName().toString().startsWith("duckdb_jdbc-1.")).findFirst().orElseThrow();
        }
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", jar.toString(),
                TestTraces.path("older-duckdb/OlderDuckDb.java").toString(), db));
        command.addAll(java.util.List.of(sql));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /**
     * The proof the header check above stands for: DuckDB 1.4's own engine (its JDBC driver, the engine of
     * the 1.4 CLI and Python package) opens the file dioscope wrote and reads the findings, and imports an
     * EXPORT DATABASE of it with the macros the file keeps.
     */
    @Test
    void duckDb14OpensTheFileAndImportsItsExport(@TempDir Path dir) throws Exception {
        Path db = analysed(dir);
        String byRule = "SELECT string_agg(rule || ':' || n, ' ' ORDER BY rule) FROM "
                + "(SELECT rule, count(*) AS n FROM findings GROUP BY rule)";
        String expected;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
            expected = string(c, byRule);
        }
        assertEquals("v1.4.4\n2885\n" + expected + "\n", olderDuckDb(db.toString(), "SELECT count(*) FROM events", byRule),
                "DuckDB 1.4 reads the same rows as the DuckDB that wrote them");

        Path exported = dir.resolve("exported");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement st = c.createStatement()) {
            st.execute("EXPORT DATABASE '" + exported + "' (FORMAT parquet)");
        }
        String imported = olderDuckDb("", "IMPORT DATABASE '" + exported + "'",
                "SELECT count(*) FROM finding_details", "SELECT arg('pfn=0x11d000 ofs=0', 'pfn')");
        assertEquals("v1.4.4\n33\n0x11d000\n", imported);
    }
}
