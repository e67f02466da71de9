package io.dioscope.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * DuckDB's memory is bounded, and an in-memory database has a directory to spill to, removed after (one
 * made ahead gets it when it is configured).
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
}
