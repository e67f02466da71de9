package io.dioscope.model;

import io.dioscope.store.Database;
import io.dioscope.store.SqlDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (SqlDirectory dir = SqlDirectory.packaged(DIRECTORY)) {
            return dir.files().stream().map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Builds the model; returns the seconds each step took, in order. */
    public static Map<String, Double> build(Database db) throws SQLException {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (SqlDirectory dir = SqlDirectory.packaged(DIRECTORY);
                Statement st = db.connection().createStatement()) {
            for (Path file : dir.files()) {
                String step = file.getFileName().toString();
                String origin = DIRECTORY + "/" + step;
                long t0 = System.nanoTime();
                try {
                    st.execute(read(file, origin));
                } catch (SQLException e) {
                    throw new SQLException(origin + ": " + e.getMessage(), e);
                }
                seconds.put(step, (System.nanoTime() - t0) / 1e9);
            }
        }
        return seconds;
    }

    private static String read(Path file, String origin) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + origin, e);
        }
    }
}
