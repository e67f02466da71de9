package io.dioscope.cli;

import io.dioscope.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE}: the DuckDB file to use; {@code --memory-limit}: how much memory DuckDB may hold. */
final class DatabaseOption {
    @Option(names = "--db", paramLabel = "FILE", description = "DuckDB database file (created if missing).")
    Path file;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Memory DuckDB may use before spilling to disk, e.g. 2GB, 512MiB (default: "
                    + "DIOSCOPE_MEMORY_LIMIT, else half the machine's memory, at most 4 GiB).")
    String memoryLimit;

    /** The settings to open the database with; a usage error when the limit is not a size. */
    Database.Settings settings() {
        return settings(memoryLimit);
    }

    static Database.Settings settings(String memoryLimit) {
        try {
            return Database.Settings.of(memoryLimit);
        } catch (IllegalArgumentException e) {
            // a bad DIOSCOPE_MEMORY_LIMIT is the environment's mistake, not the command line's
            if (memoryLimit == null) throw new UserError(e.getMessage());
            throw new UsageError("--memory-limit: " + e.getMessage());
        }
    }

    /** One line and exit 2, before any work, when FILE cannot be a database: its directory is missing, or it is one. */
    static void check(Path file) {
        if (file == null) return;
        if (Files.isDirectory(file)) throw new UserError("--db " + file + ": is a directory (give a database file)");
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new UserError("--db " + file + ": directory " + dir + " does not exist");
        }
    }
}
