package io.dioscope.cli;

import io.dioscope.store.DuckDbNativeLibrary;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Set;

/**
 * Loads DuckDB's native library (0.2 s: a 70 MB shared object) and makes its first, throwaway
 * in-memory connection (0.1 s of one-time set-up inside DuckDB) on a thread of its own as the JVM
 * starts, while the main thread builds the command line and reads its input, for the commands that
 * open a database. Nothing it does is needed for correctness: a failure is left for the command's own
 * {@link DuckDbNativeLibrary#load}, which reports it in one line. (Loading swaps System.err: Main
 * and the progress bar write to the standard error they took before.)
 */
final class DuckDbWarmUp {
    private static final Set<String> OPEN_A_DATABASE = Set.of("analyze", "report", "load", "query", "windows", "explain", "export");

    private DuckDbWarmUp() {}

    static void start(String... args) {
        if (args.length == 0 || !OPEN_A_DATABASE.contains(args[0])) return;
        Thread t = new Thread(DuckDbWarmUp::warmUp, "duckdb-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void warmUp() {
        try {
            DuckDbNativeLibrary.load();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                // opened and closed: what stays is DuckDB's one-time set-up
            }
        } catch (RuntimeException | java.sql.SQLException | LinkageError e) {
            // the command's own open says what is wrong
        }
    }
}
