package io.dioscope.cli;

import io.dioscope.report.ResultSetWriter;
import io.dioscope.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope query --db FILE "SQL"}. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run SQL against a database made by 'dioscope load --db FILE' and print the result.")
final class QueryCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", required = true, description = "DuckDB database file.")
    Path db;

    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
            description = "What is written (default: ${DEFAULT-VALUE}).")
    ResultSetWriter.Format format;

    @Option(names = "--memory-limit", paramLabel = "SIZE",
            description = "Memory DuckDB may use before spilling to disk, e.g. 2GB, 512MiB (default: "
                    + "DIOSCOPE_MEMORY_LIMIT, else half the machine's memory, at most 4 GiB).")
    String memoryLimit;

    @Parameters(paramLabel = "SQL", description = "The query; '-' reads it from standard input.")
    String sql;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws SQLException, IOException {
        Database.Settings settings = DatabaseOption.settings(memoryLimit);
        if (!Files.exists(db)) throw new UserError(db + ": no such database (make one with 'dioscope load --db " + db + " TRACE')");
        String text = "-".equals(sql) ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : sql;
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = DuckDbWarmUp.open(db, settings); Statement st = database.connection().createStatement()) {
            io.dioscope.model.ModelBuilder.defineMacros(database); // secs(), hexoff(), ... as the rules have them
            boolean hasResult = st.execute(text);
            if (hasResult) {
                try (ResultSet rs = st.getResultSet()) {
                    ResultSetWriter.write(rs, format, out);
                }
            } else {
                out.println("ok (" + st.getUpdateCount() + " rows changed)");
            }
        }
        StdoutWriter.check(out);
        return ExitCode.OK;
    }
}
