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

    @Option(names = "--threads", paramLabel = "N",
            description = "Parser threads (default: one per core).")
    Integer threads;

    @Option(names = "--no-body", negatable = false,
            description = "Do not keep the raw body text of events dioscope types (smaller, faster).")
    boolean noBody;

    LoadOptions toLoadOptions() {
        LoadOptions o = LoadOptions.defaults().withKeepBody(!noBody);
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
