package io.dioscope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE}: the DuckDB file to use. */
final class DatabaseOption {
    @Option(names = "--db", paramLabel = "FILE", description = "DuckDB database file (created if missing).")
    Path file;
}
