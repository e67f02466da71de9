package io.dioscope.model;

import io.dioscope.store.Database;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Builds the model tables (direct-I/O windows, page-cache residency, the events that fall inside
 * windows) by running the SQL under {@code queries/model/} in order. The SQL is the definition;
 * this class only sequences it.
 */
public final class ModelBuilder {
    /** The steps, in order; each file documents the tables it makes. */
    public static final List<String> STEPS = List.of(
            "00_macros.sql",
            "01_coverage.sql",
            "08_dio_attempts.sql",
            "10_dio_iomap.sql",
            "11_dio_xfs.sql",
            "12_dio_ftrace.sql",
            "20_dio_windows.sql",
            "22_kernel_warnings.sql",
            "25_dio_invalidation.sql",
            "30_page_cache.sql",
            "40_file_events.sql",
            "50_window_conflicts.sql",
            "55_conflict_fates.sql",
            "60_trace_judgement.sql");

    private ModelBuilder() {}

    /** Builds the model; returns the seconds each step took, in order. */
    public static java.util.Map<String, Double> build(Database db) throws SQLException {
        java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        try (Statement st = db.connection().createStatement()) {
            for (String step : STEPS) {
                long t0 = System.nanoTime();
                try {
                    st.execute(Database.resource("queries/model/" + step));
                } catch (SQLException e) {
                    throw new SQLException("queries/model/" + step + ": " + e.getMessage(), e);
                }
                seconds.put(step, (System.nanoTime() - t0) / 1e9);
            }
        }
        return seconds;
    }
}
