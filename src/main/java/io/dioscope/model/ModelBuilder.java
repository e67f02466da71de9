package io.dioscope.model;

import io.dioscope.store.Database;
import io.dioscope.store.SqlDirectory;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the model tables (direct-I/O windows, page-cache residency, the events that fall inside
 * windows) by running every {@code .sql} file of {@code queries/model/}, in file-name order (the
 * number a file's name starts with places it). The SQL is the definition; this class only sequences
 * it, and no list here names the files: a new step is a new file.
 */
public final class ModelBuilder {
    /** Where the steps are, as packaged. */
    public static final String DIRECTORY = "queries/model";

    private ModelBuilder() {}

    /** The steps' file names, in the order they run; each file documents the tables it makes. */
    public static List<String> steps() {
        return SqlDirectory.packaged(DIRECTORY);
    }

    /**
     * Defines the shared macros ({@code 00_macros.sql}: secs, hexoff, window_subject, ...) in this session
     * only, as the model's first step does: for {@code dioscope query} on a database file, whose own
     * catalog does not keep them (they are TEMP).
     */
    public static void defineMacros(Database db) throws SQLException {
        defineMacros(db.connection());
    }

    /** As {@link #defineMacros(Database)}, on another connection to the database ({@link Database#newConnection}). */
    public static void defineMacros(java.sql.Connection c) throws SQLException {
        String first = steps().get(0);
        try (Statement st = c.createStatement()) {
            st.execute(Database.resource(DIRECTORY + "/" + first));
        }
    }

    /** Builds the model; returns the seconds each step took, in order. */
    public static Map<String, Double> build(Database db) throws SQLException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (Statement st = db.connection().createStatement()) {
            for (String step : steps()) {
                String origin = DIRECTORY + "/" + step;
                long t0 = System.nanoTime();
                try {
                    st.execute(Database.resource(origin));
                } catch (SQLException e) {
                    throw new SQLException(origin + ": " + e.getMessage(), e);
                }
                seconds.put(step, (System.nanoTime() - t0) / 1e9);
            }
        }
        // a new in-memory database has no copies from an earlier dioscope (and looking costs two scans of
        // DuckDB's thousands of functions)
        if (db.file() != null) dropPersistentCopies(db);
        return seconds;
    }

    /**
     * The steps' macros are TEMP (00_macros.sql says why); a file written by an earlier dioscope
     * still holds persistent copies of them, which would break the user's EXPORT/IMPORT DATABASE:
     * drop those, now that the session's own are defined.
     */
    private static void dropPersistentCopies(Database db) throws SQLException {
        List<String> drops = new java.util.ArrayList<>();
        try (Statement st = db.connection().createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT DISTINCT database_name, function_name, function_type FROM duckdb_functions() "
                        + "WHERE database_name = current_database() AND schema_name = 'main' "
                        + "AND function_type IN ('macro', 'table_macro') AND function_name IN "
                        + "(SELECT function_name FROM duckdb_functions() WHERE database_name = 'temp')")) {
            while (rs.next()) {
                drops.add("DROP MACRO " + ("table_macro".equals(rs.getString(3)) ? "TABLE " : "")
                        + quote(rs.getString(1)) + ".main." + quote(rs.getString(2)));
            }
        }
        try (Statement st = db.connection().createStatement()) {
            for (String drop : drops) st.execute(drop);
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
