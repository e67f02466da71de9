package io.dioscope.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the tables other engines want (traces, events, windows, conflicts, findings) as Parquet or
 * CSV files partitioned by trace: {@code DIR/TABLE/trace_id=N/data_0.parquet}, the Hive layout
 * Spark, Trino, pandas/pyarrow and every DuckDB read. Each table's columns are documented where
 * the table is made ({@link Table#documentedIn}); the README's Interchange section lists them.
 */
public final class TableExport {
    private TableExport() {}

    public enum Format {
        // Parquet 1.0 data pages and Snappy: what every Parquet reader of the last decade decodes
        PARQUET("FORMAT parquet, COMPRESSION snappy, PARQUET_VERSION V1"),
        CSV("FORMAT csv, HEADER true");

        final String options;

        Format(String options) {
            this.options = options;
        }

        /** The options of DuckDB's COPY that write this format. */
        public String copyOptions() {
            return options;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One exported table: its directory's name, the table or view it is read from, where its columns are documented. */
    public record Table(String name, String source, String documentedIn) {}

    /** What export writes, in this order. findings is the view finding_details: each finding with its window and trace. */
    public static final List<Table> TABLES = List.of(
            new Table("traces", "traces", "queries/schema.sql"),
            new Table("events", "events", "queries/schema.sql"),
            new Table("dio_windows", "dio_windows", "queries/model/20_dio_windows.sql"),
            new Table("window_conflicts", "window_conflicts", "queries/model/50_window_conflicts.sql"),
            new Table("findings", "finding_details", "queries/findings.sql"));

    /** The sources an analysis makes: without them the database was loaded but never analysed. */
    public static List<String> missingSources(Database db) throws SQLException {
        List<String> missing = new java.util.ArrayList<>();
        for (Table t : TABLES) {
            long n = db.scalarLong("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                    + "AND schema_name = 'main' AND table_name = '" + t.source() + "'")
                    + db.scalarLong("SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() "
                    + "AND schema_name = 'main' AND view_name = '" + t.source() + "'");
            if (n == 0) missing.add(t.source());
        }
        return missing;
    }

    /**
     * Writes every table under {@code dir} (which must exist and be empty) and returns each one's row
     * count. A table with no rows leaves an empty directory: a trace with no finding has no
     * {@code trace_id=N} directory under findings, which readers of the Hive layout take as no rows.
     */
    public static Map<String, Long> write(Database db, Path dir, Format format) throws SQLException, IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement st = db.connection().createStatement()) {
            for (Table t : TABLES) {
                Path target = dir.resolve(t.name());
                long n = db.scalarLong("SELECT count(*) FROM " + t.source());
                if (n > 0) {
                    st.execute("COPY (SELECT * FROM " + t.source() + ") TO '" + target.toAbsolutePath().toString().replace("'", "''")
                            + "' (" + format.options + ", PARTITION_BY (trace_id))");
                }
                Files.createDirectories(target);
                rows.put(t.name(), n);
            }
        }
        return rows;
    }
}
