package io.dioscope.cli;

import io.dioscope.ingest.TraceFormat;
import io.dioscope.store.LoadOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every command that loads traces. */
final class LoadingOptions {
    // the label lists the values: picocli's bash completion keys the values by the label, so two options
    // labelled FORMAT in one command (this and analyze --format) would offer each other's values
    @Option(names = "--input-format", paramLabel = "auto|ftrace|trace-cmd|perf-script|blkparse", defaultValue = "auto",
            completionCandidates = InputFormats.class,
            description = "What the traces are (default: ${DEFAULT-VALUE}, from the content).")
    String format;

    @Option(names = "--glob", paramLabel = "GLOB",
            description = "Which files under a directory argument are traces (default: " + TraceInputs.DEFAULT_GLOB
                    + ", matched against the file name).")
    String glob;

    @Option(names = "--threads", paramLabel = "N",
            description = "Parser threads (default: one per core).")
    Integer threads;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Traces loaded at once (default: ${DEFAULT-VALUE}); fewer when the Java heap cannot hold N"
                    + " loads. Each load still parses on --threads threads; the result does not depend on N.")
    int jobs = 1;

    @Option(names = "--keep-body", negatable = false,
            description = "Also keep the raw body text of the events dioscope types (kept anyway for kprobes,"
                    + " blk lines and events it does not know): the load takes about 1.4 times as long and the"
                    + " database is about 2.1 times as large.")
    boolean keepBody;

    @Option(names = "--append", negatable = false,
            description = "Load an input again even if the database already holds the same content (a new trace; "
                    + "both are kept). Without it, such an input is refused.")
    boolean append;

    @Option(names = "--replace", negatable = false,
            description = "Replace the trace(s) holding the same content as an input: their rows are deleted and "
                    + "the input is loaded as a new trace.")
    boolean replace;

    @Option(names = "--extents", paramLabel = "FILE", arity = "1..*",
            description = "Extent maps of the traced files (filefrag -v [-b512] or xfs_bmap -v output): block "
                    + "requests' sectors become (file, offset). A map loaded again replaces its rows.")
    List<java.nio.file.Path> extents = new ArrayList<>();

    /** Loads the --extents maps into the database: one line per map on {@code out}; a map that cannot be read is a user error. */
    void loadExtents(io.dioscope.store.Database database, java.io.PrintWriter out) throws java.sql.SQLException {
        if (extents.isEmpty()) return;
        try {
            long n = io.dioscope.store.ExtentLoader.load(database, extents);
            out.printf("extents: %d from %d map(s)%n", n, extents.size());
        } catch (io.dioscope.ingest.TraceInputException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The options for the loader; a usage error (exit 2) when a value is wrong or they contradict each other. */
    LoadOptions toLoadOptions() {
        if (append && replace) throw new UsageError("--append and --replace are mutually exclusive");
        if (threads != null && threads < 1) throw new UsageError("--threads: must be 1 or more, not " + threads);
        if (jobs < 1) throw new UsageError("--jobs: must be 1 or more, not " + jobs);
        LoadOptions o = LoadOptions.defaults().withKeepBody(keepBody)
                .withSameContent(append ? LoadOptions.SameContent.APPEND
                        : replace ? LoadOptions.SameContent.REPLACE : LoadOptions.SameContent.REFUSE);
        if (threads != null) o = o.withThreads(threads);
        if (format != null && !"auto".equalsIgnoreCase(format)) {
            try {
                o = o.withFormat(TraceFormat.fromLabel(format));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--input-format: unknown format '" + format + "' (one of "
                        + String.join(", ", new InputFormats()) + ")");
            }
        }
        return o;
    }

    /** auto, then every format's label: for the help text and shell completion. */
    static final class InputFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> labels = new ArrayList<>();
            labels.add("auto");
            for (TraceFormat f : TraceFormat.values()) labels.add(f.label());
            return labels.iterator();
        }
    }
}
