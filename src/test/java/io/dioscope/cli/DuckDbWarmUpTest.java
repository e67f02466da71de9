package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dioscope.store.Database;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database a command opens is the same whether or not the warm-up made one ahead: in memory, the
 * one made ahead with the command's settings; with {@code --db}, the file (a database made ahead on a
 * wrong guess is closed).
 */
class DuckDbWarmUpTest {
    private static final Database.Settings SETTINGS = new Database.Settings(300L << 20);

    @Test
    void anInMemoryCommandTakesTheDatabaseMadeAheadWithItsSettings() throws Exception {
        DuckDbWarmUp.start("report", "samples/xfs-mmap-overlap.trace", "-o", "out");
        Database ahead = DuckDbWarmUp.madeAhead().join();
        try (Database db = DuckDbWarmUp.open(null, SETTINGS)) {
            assertSame(ahead, db);
            assertNull(db.file());
            assertTrue(db.scalarLong("SELECT count(*) FROM event_types") > 0, "the schema and the catalog");
            try (Statement st = db.connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_setting('memory_limit'), current_setting('temp_directory')")) {
                rs.next();
                assertEquals("300.0 MiB", rs.getString(1));
                assertTrue(Path.of(rs.getString(2)).getFileName().toString().startsWith("dioscope-duckdb-"), rs.getString(2));
            }
        }
        assertNull(DuckDbWarmUp.madeAhead(), "taken once");
    }

    @Test
    void aCommandGivenDbMakesNoDatabaseAhead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.duckdb");
        DuckDbWarmUp.start("analyze", "--db", file.toString(), "samples/xfs-mmap-overlap.trace");
        assertNull(DuckDbWarmUp.madeAhead().join(), "only DuckDB's first connection, closed");
        try (Database db = DuckDbWarmUp.open(file, SETTINGS)) {
            assertEquals(file, db.file());
        }
    }

    @Test
    void aWrongGuessClosesTheDatabaseMadeAheadAndOpensTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.duckdb");
        // --db in an argument file (picocli's @FILE), which the guess does not read
        DuckDbWarmUp.start("report", "@" + dir.resolve("args.txt"));
        Database ahead = DuckDbWarmUp.madeAhead().join();
        try (Database db = DuckDbWarmUp.open(file, SETTINGS)) {
            assertNotSame(ahead, db);
            assertEquals(file, db.file());
        }
        assertTrue(ahead.connection().isClosed(), "the one made ahead is closed");
    }

    @Test
    void withoutAWarmUpOpenIsDatabaseOpen() throws Exception {
        assertNull(DuckDbWarmUp.madeAhead());
        try (Database db = DuckDbWarmUp.open(null, SETTINGS)) {
            assertTrue(db.scalarLong("SELECT count(*) FROM event_types") > 0);
            assertEquals(1, db.scalarLong("SELECT (current_setting('memory_limit') = '300.0 MiB')::INTEGER"));
        }
    }

    @Test
    void commandsWithoutADatabaseStartNothing() {
        DuckDbWarmUp.start("formats");
        DuckDbWarmUp.start();
        assertNull(DuckDbWarmUp.madeAhead());
    }
}
