package io.dioscope.cli;

import io.dioscope.store.Database;
import io.dioscope.store.TableExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dioscope export --db FILE --parquet DIR}: the analysed tables for other engines. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {
            "Write the traces, events, direct-I/O windows, conflicts and findings of a database made by "
                    + "'dioscope analyze --db FILE' as Parquet (or CSV) files partitioned by trace "
                    + "(DIR/TABLE/trace_id=N/), for Spark, Trino, pandas or any DuckDB version.",
            "The README's Interchange section lists the files and where their columns are documented."
        })
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", required = true, description = "DuckDB database file, analysed.")
    Path db;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--parquet", paramLabel = "DIR", description = "Write Parquet files under DIR (new or empty).")
        Path parquet;

        @Option(names = "--csv", paramLabel = "DIR", description = "Write CSV files (with a header line) under DIR (new or empty).")
        Path csv;
    }

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Memory DuckDB may use before spilling to disk, e.g. 2GB, 512MiB (default: "
                    + "DIOSCOPE_MEMORY_LIMIT, else half the machine's memory, at most 4 GiB).")
    String memoryLimit;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws SQLException, IOException {
        Database.Settings settings = DatabaseOption.settings(memoryLimit);
        TableExport.Format format = target.parquet != null ? TableExport.Format.PARQUET : TableExport.Format.CSV;
        Path dir = target.parquet != null ? target.parquet : target.csv;
        String option = "--" + format.extension();
        if (!Files.exists(db)) throw new UserError(db + ": no such database (make one with 'dioscope analyze --db " + db + " TRACE')");
        DatabaseOption.check(db);
        checkDirectory(option, dir);
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = DuckDbWarmUp.open(db, settings)) {
            List<String> missing = TableExport.missingSources(database);
            if (!missing.isEmpty()) {
                throw new UserError(db + ": not analysed (no " + String.join(", ", missing) + "); run 'dioscope analyze --db "
                        + db + "' first");
            }
            Files.createDirectories(dir);
            Map<String, Long> rows;
            try {
                rows = TableExport.write(database, dir, format);
            } catch (IOException e) {
                throw new UserError(option + " " + dir + ": cannot write: " + IoErrors.reason(e));
            }
            for (Map.Entry<String, Long> e : rows.entrySet()) {
                out.printf("%-17s %,12d rows  %s%n", e.getKey(), e.getValue(), dir.resolve(e.getKey()));
            }
        }
        StdoutWriter.check(out);
        return ExitCode.OK;
    }

    /** DIR must be new or an empty directory: an export never mixes with other files. */
    private static void checkDirectory(String option, Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new UserError(option + " " + dir + ": exists and is not a directory");
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError(option + " " + dir + ": is not empty; refusing to write into it (give a new or empty directory)");
                }
            }
        } else {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UserError(option + " " + dir + ": directory " + parent + " does not exist");
            }
        }
    }
}
