package io.dioscope.cli;

import io.dioscope.store.Database;
import io.dioscope.store.DuckDbNativeLibrary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Gets DuckDB ready on a thread of its own as the JVM starts, while the main thread builds the command
 * line and reads its input, for the commands that open a database: loads its native library (a 70 MB
 * shared object) and makes its first connection (0.1 s of one-time set-up inside DuckDB). For a command
 * that analyses traces in memory (no {@code --db}), that first connection is the command's own database,
 * with the schema and event catalog in it ({@link Database#inMemoryAhead}), and {@link #open} hands it
 * over. Nothing it does is needed for correctness: a failure is left for the command's own
 * {@link Database#open}, which reports it in one line. (Loading swaps System.err: Main and the progress
 * bar write to the standard error they took before.)
 */
final class DuckDbWarmUp {
    private static final Set<String> OPEN_A_DATABASE = Set.of("analyze", "report", "load", "query", "windows", "explain", "export");
    /** The commands that open an in-memory database unless given {@code --db}. */
    private static final Set<String> IN_MEMORY = Set.of("analyze", "report", "windows", "explain");

    /** The in-memory database made ahead, or null (none made, or already taken). */
    private static CompletableFuture<Database> ahead;

    private DuckDbWarmUp() {}

    static void start(String... args) {
        if (args.length == 0 || !OPEN_A_DATABASE.contains(args[0])) return;
        // a guess from the words alone (a --db inside another option's value misleads it): a wrong one
        // costs a database made for nothing, or one made later, never a different result
        boolean inMemory = IN_MEMORY.contains(args[0])
                && Arrays.stream(args).noneMatch(a -> a.equals("--db") || a.startsWith("--db="));
        CompletableFuture<Database> made = new CompletableFuture<>();
        Thread t = new Thread(() -> made.complete(inMemory ? databaseAhead() : firstConnection()), "duckdb-warm-up");
        t.setDaemon(true);
        synchronized (DuckDbWarmUp.class) {
            ahead = made;
        }
        t.start();
    }

    /**
     * {@link Database#open}, but for an in-memory database the one made ahead when there is one (waiting
     * for it if need be), given {@code settings}; a database made ahead and not wanted is closed.
     */
    static Database open(Path file, Database.Settings settings) throws SQLException {
        CompletableFuture<Database> made;
        synchronized (DuckDbWarmUp.class) {
            made = ahead;
            ahead = null;
        }
        if (made != null && file == null) {
            Database db = made.join();
            if (db != null) return db.configure(settings);
        } else if (made != null) {
            made.thenAccept(DuckDbWarmUp::closeQuietly);
        }
        return Database.open(file, settings);
    }

    /** The database being made ahead (null in it when none is), or null: for tests. */
    static synchronized CompletableFuture<Database> madeAhead() {
        return ahead;
    }

    private static void closeQuietly(Database db) {
        if (db == null) return;
        try {
            db.close();
        } catch (SQLException e) {
            // an empty in-memory database: nothing of the command's is in it
        }
    }

    private static Database databaseAhead() {
        try {
            return Database.inMemoryAhead();
        } catch (RuntimeException | SQLException | LinkageError e) {
            return null; // the command's own open says what is wrong
        }
    }

    private static Database firstConnection() {
        try {
            DuckDbNativeLibrary.load();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                // opened and closed: what stays is DuckDB's one-time set-up
            }
        } catch (RuntimeException | SQLException | LinkageError e) {
            // the command's own open says what is wrong
        }
        return null;
    }
}
