package io.dioscope.cli;

import io.dioscope.ingest.TraceFormat;
import io.dioscope.store.LoadOptions;
import picocli.CommandLine.Option;

/** Options of every command that loads traces. */
final class LoadingOptions {
    // no annotation default: picocli would apply it after 'load --format' set the field
    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Input format: auto, ftrace, trace-cmd, perf-script (default: auto, from the content).")
    String format = "auto";

    @Option(names = "--glob", paramLabel = "GLOB",
            description = "Which files under a directory argument are traces (default: " + TraceInputs.DEFAULT_GLOB
                    + ", matched against the file name).")
    String glob;

    @Option(names = "--threads", paramLabel = "N",
            description = "Parser threads (default: one per core).")
    Integer threads;

    @Option(names = "--keep-body", negatable = false,
            description = "Also keep the raw body text of the events dioscope types (kept anyway for kprobes,"
                    + " blk lines and events it does not know); about a third slower and larger.")
    boolean keepBody;

    @Option(names = "--append", negatable = false,
            description = "Load an input again even if the database already holds the same content (a new trace; "
                    + "both are kept). Without it, such an input is refused.")
    boolean append;

    @Option(names = "--replace", negatable = false,
            description = "Replace the trace(s) holding the same content as an input: their rows are deleted and "
                    + "the input is loaded as a new trace.")
    boolean replace;

    /** The options for the loader; a usage error (one line, exit 2) when they contradict each other. */
    LoadOptions toLoadOptions() {
        if (append && replace) throw new UserError("--append and --replace are mutually exclusive");
        if (threads != null && threads < 1) throw new UserError("--threads: must be 1 or more, not " + threads);
        LoadOptions o = LoadOptions.defaults().withKeepBody(keepBody)
                .withSameContent(append ? LoadOptions.SameContent.APPEND
                        : replace ? LoadOptions.SameContent.REPLACE : LoadOptions.SameContent.REFUSE);
        if (threads != null) o = o.withThreads(threads);
        if (!"auto".equalsIgnoreCase(format)) {
            try {
                o = o.withFormat(TraceFormat.fromLabel(format));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        return o;
    }

}
