package io.dioscope.cli;

import io.dioscope.ingest.Compression;
import io.dioscope.ingest.TraceFormat;
import io.dioscope.ingest.decode.EventAccess;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventRange;
import io.dioscope.ingest.decode.EventType;
import io.dioscope.report.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code dioscope formats}: what can be read, and which events get typed columns. */
@Command(name = "formats", mixinStandardHelpOptions = true,
        description = "List the input formats and the events that get typed columns.")
final class FormatsCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Formats (detected from the content; --input-format forces one):");
        for (TraceFormat f : TraceFormat.values()) out.printf("  %-12s %s%n", f.label(), f.description());
        StringBuilder c = new StringBuilder();
        for (Compression z : Compression.values()) {
            if (z != Compression.NONE) c.append(c.length() > 0 ? ", " : "").append(z.label());
        }
        out.printf("  %-12s %s%n", "trace.dat", "trace-cmd's binary trace, versions 6 and 7 (sections uncompressed, zlib or zstd), read "
                + "directly; each instance (record -B NAME) is a trace of its own, named FILE@NAME");
        out.println("Compression (from magic bytes): " + c);
        out.println("Call chains (perf record -g, then perf script): the frames printed under each event are kept");
        out.println("  in event_callchains (trace_id, line, depth, addr, symbol, sym_offset, dso), one row per frame,");
        out.println("  keyed by the event's trace_id and line; depth 0 is the innermost frame, [unknown] is NULL.");
        out.println();
        out.println("Events with typed columns (every other event is kept with its name and body;");
        out.println("header columns line ts cpu pid tgid comm irq_flags event are set for all):");
        TextTable t = new TextTable(List.of("event", "system", "family", "columns", "access", "range", "meaning"),
                new boolean[7]);
        for (EventType e : EventCatalog.standard().listing()) {
            t.add(e.name(), e.system(), e.family(), e.columns(), e.access() == null ? "" : e.access().sqlName,
                    e.range().sqlName, e.description());
        }
        t.print(out);
        out.println();
        out.println("Access kinds (what an event means: event_types.access, file_events.kind; empty: not classified):");
        TextTable kinds = new TextTable(List.of("access", "file_events", "meaning"), new boolean[3]);
        for (EventAccess a : EventAccess.values()) kinds.add(a.sqlName, a.fileEvents ? "yes" : "no", a.meaning);
        kinds.print(out);
        out.println();
        out.println("Ranges (how an event's pos and len read: event_types.range):");
        TextTable ranges = new TextTable(List.of("range", "meaning"), new boolean[2]);
        for (EventRange r : EventRange.values()) ranges.add(r.sqlName, r.meaning);
        ranges.print(out);
        return ExitCode.OK;
    }
}
