package io.dioscope.cli;

import io.dioscope.ingest.ParseProblem;
import io.dioscope.report.Numbers;
import io.dioscope.report.TextTable;
import io.dioscope.store.Database;
import io.dioscope.store.LoadedTrace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope load TRACE...}: parse traces into DuckDB. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Load traces (ftrace, trace-cmd report, perf script text; gzip/zstd/xz/bzip2/lz4 or plain) into DuckDB.",
            "Without --db the database lives in memory and is discarded; a summary of what was loaded is printed."
        })
final class LoadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "Trace files, directories (every trace file under them, see --glob), or - for the standard input.")
    List<Path> traces;

    @Mixin
    DatabaseOption db;

    @Mixin
    LoadingOptions loading;

    @Option(names = {"-v", "--verbose"}, description = "Show the first lines that could not be parsed.")
    boolean verbose;

    /** The old name of --input-format, kept for one release: hidden from help and completion. */
    @Option(names = "--format", paramLabel = "FORMAT", hidden = true)
    String deprecatedFormat;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (deprecatedFormat != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--input-format")) {
                throw new UsageError("--format is the old name of --input-format: give only --input-format");
            }
            err.println("dioscope: load --format is deprecated and will be removed in the next release; "
                    + "use --input-format (--format names what is written, as in analyze and query)");
            err.flush();
            loading.format = deprecatedFormat;
        }
        loading.toLoadOptions(); // a usage error before the database file is created
        DatabaseOption.check(db.file);
        try (Database database = DuckDbWarmUp.open(db.file, db.settings())) {
            loading.loadExtents(database, out);
            LoadResult result = loadAll(database, traces, loading, verbose, out, err);
            if (result.loaded().isEmpty()) return ExitCode.ERROR;
            if (db.file == null) {
                out.println();
                printEventCounts(database, out);
                out.println("(in-memory database discarded; use --db FILE to keep it for 'dioscope query')");
            } else {
                out.println("database: " + db.file);
            }
            // the others stay loaded, but a script must notice the input that was not
            return result.failed().isEmpty() ? ExitCode.OK : ExitCode.ERROR;
        }
    }

    /**
     * Loads each trace, printing a line per trace; a trace that cannot be loaded (or whose content is
     * already loaded, unless --append or --replace) is reported on {@code err} in one line and skipped.
     */
    static LoadResult loadAll(Database database, List<Path> traces, LoadingOptions loading, boolean verbose,
            PrintWriter out, PrintWriter err) throws SQLException {
        List<LoadedTrace> loaded = new ArrayList<>();
        List<LoadResult.FailedInput> failed = new ArrayList<>();
        List<Path> inputs = TraceInputs.expand(traces, loading.glob);
        int jobs = BatchLoad.jobs(loading.jobs, inputs.size(), Runtime.getRuntime().maxMemory());
        if (jobs < Math.min(loading.jobs, inputs.size())) {
            err.printf("dioscope: --jobs %d: %d loads at once fit in the Java heap (%d MiB; "
                    + "DIOSCOPE_JAVA_OPTS=-Xmx... gives it more)%n", loading.jobs, jobs,
                    Runtime.getRuntime().maxMemory() >> 20);
        }
        BatchProgress batch = jobs > 1 ? new BatchProgress(TerminalProgress.forStderr(), inputs) : null;
        try {
            BatchLoad.run(database, inputs, loading.toLoadOptions(), jobs,
                    batch == null ? TerminalProgress::forStderr : batch::forTrace, o -> {
                        if (o.note() != null) err.println("dioscope: " + o.note());
                        if (o.loaded() != null) {
                            loaded.add(o.loaded());
                            describe(o.loaded(), verbose, out);
                        } else {
                            failed.add(fail(o.path(), o.failure(), err));
                        }
                        out.flush();
                    });
        } finally {
            if (batch != null) batch.finish();
        }
        return new LoadResult(loaded, failed);
    }

    private static LoadResult.FailedInput fail(Path p, String message, PrintWriter err) {
        err.println("dioscope: " + message);
        err.flush();
        String named = p + ": ";
        String reason = message.startsWith(named) ? message.substring(named.length()) : message;
        java.util.regex.Matcher at = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(p.toString())
                + ":(\\d+): (.*)", java.util.regex.Pattern.DOTALL).matcher(message);
        if (at.matches()) reason = "line " + at.group(1) + ": " + at.group(2); // "FILE:12: why" -> "line 12: why"
        return new LoadResult.FailedInput(p.toString(), reason);
    }

    static void describe(LoadedTrace t, boolean verbose, PrintWriter out) {
        out.printf("trace %d: %s (%s%s): %s events from %s lines in %.2f s, %s events/s%n", t.traceId(), t.path(),
                t.format(), t.compression().equals("none") ? "" : ", " + t.compression(),
                Numbers.grouped(t.events()), Numbers.grouped(t.lines()), t.seconds(),
                Numbers.si(t.eventsPerSecond()));
        if (t.callChainLines() > 0) {
            out.printf("  call chains: %s frames under their events (event_callchains)%n",
                    Numbers.grouped(t.callChainLines()));
        }
        if (!t.replacedTraceIds().isEmpty()) {
            out.printf("  replaces trace %s (the same content; its rows are deleted)%n",
                    t.replacedTraceIds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        if (t.overwrittenEvents() > 0) {
            out.printf("  incomplete: %s events were overwritten in the ring buffer before it was read "
                    + "(the trace starts late)%n", Numbers.count(t.overwrittenEvents()));
        }
        if (t.lostEvents() > 0) {
            out.printf("  incomplete: %s events lost (LOST/DROPPED markers)%n", Numbers.count(t.lostEvents()));
        }
        if (t.bufferWraps() > 0) {
            out.printf("  incomplete: %d CPU buffer(s) wrapped ('buffer started' markers): earlier events of "
                    + "those CPUs are missing%n", t.bufferWraps());
        }
        if (t.truncated()) out.printf("  incomplete: %s%n", t.truncation());
        if (t.unparsedLines() > 0) {
            out.printf("  %s line(s) could not be parsed%s%n", Numbers.grouped(t.unparsedLines()),
                    verbose ? ":" : " (--verbose shows them; all are counted in traces.unparsed_lines)");
            if (verbose) {
                int shown = 0;
                for (ParseProblem p : t.problems()) {
                    if (shown++ == 10) break;
                    out.printf("    %s:%d: %s: %s%n", t.path(), p.line(), p.reason(), p.text());
                }
            }
        }
    }

    private static void printEventCounts(Database database, PrintWriter out) throws SQLException {
        try (Statement st = database.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT e.event, coalesce(t.family, CASE WHEN e.func IS NOT NULL "
                        + "THEN 'kprobe' ELSE 'other' END) AS family, count(*) AS events, "
                        + "count(DISTINCT e.trace_id) AS traces FROM events e LEFT JOIN event_types t USING (event) "
                        + "GROUP BY ALL ORDER BY events DESC, event")) {
            TextTable.from(rs).print(out);
        }
    }
}
