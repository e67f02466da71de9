package io.dioscope.bench;

import io.dioscope.ingest.TraceFile;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.LoadedTrace;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark run on one trace.dat: (a) {@code trace-cmd report} of it into /dev/null (trace-cmd only
 * printing it; skipped when trace-cmd is not installed), (b) dioscope loading its
 * {@code trace-cmd report -t} text (made before the clock starts; without trace-cmd, dioscope's own
 * rendering of it, which is the same text), (c) dioscope loading the .dat itself, (d) the model and
 * rules on (c)'s database.
 */
public final class DatBenchmark {
    private final Path input;
    private final Path work;
    private final int threads;

    public DatBenchmark(Path input, Path work, int threads) {
        this.input = input;
        this.work = work;
        this.threads = threads;
    }

    /** The results of (a) (null when trace-cmd is not installed), (b), (c), (d). */
    public List<BenchResult> run() throws Exception {
        List<BenchResult> results = new ArrayList<>();
        long bytes = Files.size(input);
        boolean traceCmd = traceCmdInstalled();
        results.add(traceCmd ? traceCmdReport(bytes) : null);
        Path text = work.resolve(input.getFileName() + ".report");
        if (traceCmd) {
            run(new ProcessBuilder("trace-cmd", "report", "-t", "-i", input.toString()).redirectOutput(text.toFile()));
        } else {
            TraceFile f = TraceFile.open(input);
            try (InputStream in = f.text(); OutputStream out = Files.newOutputStream(text)) {
                in.transferTo(out);
            }
        }
        results.add(load(text, "(b) dioscope load of its trace-cmd report text", Files.size(text)));
        Files.deleteIfExists(text);
        Path db = work.resolve(input.getFileName() + ".dioscope.db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
        results.add(load(input, db, "(c) dioscope load of the trace.dat", bytes));
        results.add(new Benchmark(input, work, threads).analyzeOnly(db));
        return results;
    }

    static boolean traceCmdInstalled() {
        try {
            Process p = new ProcessBuilder("trace-cmd", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private BenchResult traceCmdReport(long bytes) throws Exception {
        Resources.reset();
        long t0 = System.nanoTime();
        run(new ProcessBuilder("trace-cmd", "report", "-i", input.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD));
        double s = (System.nanoTime() - t0) / 1e9;
        return new BenchResult("(a) trace-cmd report > /dev/null", s, 0, bytes, -1, -1);
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", pb.command()) + " failed");
    }

    private BenchResult load(Path file, String phase, long bytes) throws Exception {
        Path db = work.resolve(file.getFileName() + ".text.dioscope.db");
        Files.deleteIfExists(db);
        BenchResult r = load(file, db, phase, bytes);
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
        return r;
    }

    private BenchResult load(Path file, Path db, String phase, long bytes) throws Exception {
        Resources.reset();
        long t0 = System.nanoTime();
        LoadedTrace t;
        try (Database d = Database.open(db)) {
            t = new TraceLoader(d, LoadOptions.defaults().withThreads(threads)).load(file, ProgressListener.NONE);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new BenchResult(phase, s, t.events(), bytes, Resources.peakRss(), Resources.peakHeap());
    }
}
