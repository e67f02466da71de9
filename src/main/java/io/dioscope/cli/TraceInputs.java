package io.dioscope.cli;

import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceInputException;
import io.dioscope.ingest.blktrace.BlktraceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the TRACE arguments of {@code load} and {@code analyze} name, in order: a file; every file
 * under a directory (recursively, in name order) whose name matches the glob; {@code -}, the standard
 * input; and after a trace.dat its instances ({@code FILE@NAME}), each a trace of its own.
 */
public final class TraceInputs {
    /**
     * The names of trace files, with or without a compression suffix, and blktrace's per-CPU files
     * ({@code DEV.blktrace.0}, each set one trace); not the .extents and .truth beside them.
     */
    public static final String DEFAULT_GLOB =
            "*.{trace,dat,report,perfscript,txt,log,blktrace.[0-9]*}{,.gz,.zst,.xz,.bz2,.lz4}";
    static final String STDIN = "-";

    private TraceInputs() {}

    static List<Path> expand(List<Path> args, String glob) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + (glob == null ? DEFAULT_GLOB : glob));
        List<Path> out = new ArrayList<>();
        boolean stdin = false;
        for (Path p : args) {
            if (p.toString().equals(STDIN)) {
                if (stdin) throw new UserError("'-' (the standard input) can be read only once");
                stdin = true;
                out.add(p);
            } else if (Files.isDirectory(p)) {
                List<Path> found = under(p, matcher);
                if (found.isEmpty()) {
                    throw new UserError(p + ": no trace files in this directory (none matches --glob "
                            + (glob == null ? DEFAULT_GLOB : glob) + ")");
                }
                for (Path f : found) out.addAll(withInstances(f));
            } else {
                out.addAll(withInstances(p));
            }
        }
        // DEV.blktrace.0 DEV.blktrace.1 (a shell glob) name one trace, that of their set's first file
        List<Path> once = new ArrayList<>();
        for (Path p : out) {
            if (!once.contains(p) || BlktraceFiles.cpuFiles(p).size() < 2) once.add(p);
        }
        return once;
    }

    private static List<Path> under(Path dir, PathMatcher matcher) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(f -> matcher.matches(f.getFileName())).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UserError(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
    }

    private static List<Path> withInstances(Path p) {
        try {
            return TraceFile.traces(p);
        } catch (TraceInputException e) {
            return List.of(p); // the load says why it cannot be read
        }
    }
}
