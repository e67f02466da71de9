package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.TestTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's memory is bounded, an in-memory database has a directory to spill to, removed after, and a
 * small database's queries run on one DuckDB thread.
 */
class DatabaseSettingsTest {
    @Test
    void sizesReadAsDuckDbWritesThem() {
        assertEquals(4_000_000_000L, Database.Settings.parseSize("4GB"));
        assertEquals(512L << 20, Database.Settings.parseSize("512MiB"));
        assertEquals(2L << 30, Database.Settings.parseSize("2g"));
        assertEquals(1_073_741_824L, Database.Settings.parseSize("1073741824"));
        assertThrows(IllegalArgumentException.class, () -> Database.Settings.parseSize("-1GB"));
        assertThrows(IllegalArgumentException.class, () -> Database.Settings.parseSize("50%"));
        assertThrows(IllegalArgumentException.class, () -> new Database.Settings(1 << 20));
        long d = Database.Settings.defaultLimit();
        assertTrue(d >= 256L << 20 && d <= 4L << 30, "half the memory, at most 4 GiB: " + d);
    }

    @Test
    void anInMemoryDatabaseSpillsToItsOwnTemporaryDirectory() throws Exception {
        Path spill;
        try (Database db = Database.open(null, new Database.Settings(300L << 20));
                Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('temp_directory'), current_setting('memory_limit')")) {
            rs.next();
            spill = Path.of(rs.getString(1));
            assertTrue(Files.isDirectory(spill), spill.toString());
            assertTrue(spill.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()), spill.toString());
            assertEquals("300.0 MiB", rs.getString(2));
        }
        assertFalse(Files.exists(spill), "deleted with the database");
    }

    @Test
    void aDatabaseMadeAheadHasTheSchemaAndTakesItsSettingsLater() throws Exception {
        Path spill;
        try (Database ahead = Database.inMemoryAhead()) {
            assertTrue(ahead.scalarLong("SELECT count(*) FROM event_types") > 0, "the event catalog is in");
            assertEquals(0, ahead.scalarLong("SELECT count(*) FROM traces"));
            Database db = ahead.configure(new Database.Settings(300L << 20));
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_setting('temp_directory'), current_setting('memory_limit')")) {
                rs.next();
                spill = Path.of(rs.getString(1));
                assertTrue(Files.isDirectory(spill), spill.toString());
                assertTrue(spill.getFileName().toString().startsWith("dioscope-duckdb-"), spill.toString());
                assertEquals("300.0 MiB", rs.getString(2));
            }
        }
        assertFalse(Files.exists(spill), "deleted with the database");
    }

    @Test
    void aSmallTraceIsAnalysedOnOneDuckDbThread() throws Exception {
        try (Database db = Database.open(null, new Database.Settings(300L << 20))) {
            long threads = threads(db);
            assertTrue(threads > 1 || Runtime.getRuntime().availableProcessors() == 1, "DuckDB's default: " + threads);
            new TraceLoader(db, LoadOptions.defaults()).load(TestTraces.path("corpus/xfs-mmap-overlap.trace.gz"),
                    ProgressListener.NONE);
            long events = db.scalarLong("SELECT count(*) FROM events");
            assertTrue(events > 0 && events < Database.ONE_THREAD_BELOW, "a small trace: " + events);
            db.fitThreads();
            assertEquals(1, threads(db));
        }
    }

    @Test
    void aLargeDatabaseKeepsDuckDbsThreads() throws Exception {
        Database db = AnalyzedCorpus.get().db; // every corpus trace, the 570k-event fio trace among them
        assertTrue(db.scalarLong("SELECT count(*) FROM events") >= Database.ONE_THREAD_BELOW);
        long before = threads(db);
        db.fitThreads();
        assertEquals(before, threads(db));
    }

    private static long threads(Database db) throws SQLException {
        return db.scalarLong("SELECT current_setting('threads')");
    }
}
