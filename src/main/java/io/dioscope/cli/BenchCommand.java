package io.dioscope.cli;

import io.dioscope.bench.BenchResult;
import io.dioscope.bench.ChildCpu;
import io.dioscope.bench.Benchmark;
import io.dioscope.bench.DatBenchmark;
import io.dioscope.bench.TraceMultiplier;
import io.dioscope.ingest.dat.DatFile;
import io.dioscope.ingest.dat.DatMultiplier;
import io.dioscope.report.Numbers;
import io.dioscope.report.TextTable;
import java.io.File;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dioscope bench}: measure ingest and analysis against wc -l and DuckDB's own CSV reader. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Benchmark on a big input made from a real trace: COPIES time-shifted copies (inodes offset per copy), "
                    + "then, in one run on the same file: (a) wc -l, (b) DuckDB read_csv + regexp_extract, "
                    + "(c) dioscope load, (d) dioscope analyze (model + rules). Prints rates, ratios, peak RSS and heap.",
            "First, in fresh JVMs: analyze on the sample, and report against analyze on the sample, on the trace and on each --report-trace.",
            "Run it with a small fixed heap (java -Xmx256m -jar ...) to show memory does not grow with the input."
        })
final class BenchCommand implements Callable<Integer> {
    // not required by picocli: `bench fleet` (a subcommand) does without it
    @Option(names = "--trace", paramLabel = "FILE", description = "A real trace: ftrace text (gzip is fine), or a trace-cmd trace.dat (then (a) is trace-cmd report "
            + "into /dev/null, (b) dioscope loading its report text, (c) dioscope loading the .dat).")
    Path trace;

    @Option(names = "--copies", paramLabel = "N[,N...]", split = ",", defaultValue = "8,16",
            description = "Input sizes, in copies of the trace (default: ${DEFAULT-VALUE}).")
    List<Integer> copies;

    @Option(names = "--work", paramLabel = "DIR", description = "Where the inputs and databases go (default: a temp dir).")
    Path work;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for dioscope and DuckDB (default: one per core).")
    Integer threads;

    @Option(names = "--sample", paramLabel = "FILE", description = "Small trace to time a first result on "
            + "(a fresh JVM: java -jar dioscope.jar analyze FILE; default: samples/xfs-mmap-overlap.trace if present).")
    Path sample;

    @Option(names = "--report-only", description = "Only the fresh-JVM timings (analyze on the sample, report against "
            + "analyze), not the load and analysis phases on the copies.")
    boolean reportOnly;

    @Option(names = "--report-trace", paramLabel = "FILE", description = "Another trace to time report against "
            + "analyze on (repeatable): one with many findings or busy charts, where a report does most beyond the analysis.")
    List<Path> reportTraces = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the generated inputs for the next run.")
    boolean keep;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (trace == null) throw new UsageError("Missing required option: '--trace=FILE'");
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("dioscope-bench");
        out.printf("dioscope bench, %s, %s%n", LocalDate.now(), machine());
        long maxHeap = Runtime.getRuntime().maxMemory();
        out.printf("heap limit %s%s; %d thread(s)%n", Numbers.grouped(maxHeap >> 20) + " MiB",
                maxHeap > (300L << 20) ? " (run with -Xmx256m to show the heap stays flat)" : "", n);
        startup(out);
        reportVsAnalyze(out, dir);
        if (reportOnly) {
            if (work == null) deleteTree(dir);
            out.flush();
            return ExitCode.OK;
        }
        List<double[]> analyzeByCopies = new ArrayList<>();
        if (isDat(trace)) {
            for (int c : copies) datRun(c, dir, n, out, analyzeByCopies);
            scaling(analyzeByCopies, out);
            if (work == null && !keep) deleteTree(dir);
            out.flush();
            return ExitCode.OK;
        }
        for (int c : copies) {
            Path input = dir.resolve(trace.getFileName().toString().replaceAll("\\.(gz|zst|xz)$", "") + ".x" + c + ".trace");
            if (!keep || !Files.exists(input)) {
                long t0 = System.nanoTime();
                TraceMultiplier.Output o = TraceMultiplier.write(trace, c, input);
                out.printf("%ninput x%d: %s events, %s lines, %s MB (made in %.1f s)%n", c, Numbers.grouped(o.events()),
                        Numbers.grouped(o.lines()), Numbers.grouped(o.bytes() >> 20), (System.nanoTime() - t0) / 1e9);
            } else {
                out.printf("%ninput x%d: %s (kept from an earlier run)%n", c, input);
            }
            out.flush();
            List<BenchResult> results = new Benchmark(input, dir, n).run();
            print(results, out);
            BenchResult a = results.get(0);
            BenchResult b = results.get(1);
            BenchResult load = results.get(2);
            BenchResult analyze = results.get(3);
            for (BenchResult r : results) {
                if (r.detail() != null) out.printf("  %s: %s%n", r.phase().substring(0, 3), r.detail());
            }
            out.printf(Locale.ROOT, "  ratios: load/duckdb %.2fx events/s (target >= 3x), load/wc %.3fx MB/s; "
                    + "analyze %.2f s (target < 5 s at x8) = %.2fx the time of (b)%n",
                    load.itemsPerSecond() / b.itemsPerSecond(), load.mbPerSecond() / a.mbPerSecond(), analyze.seconds(),
                    analyze.seconds() / b.seconds());
            analyzeByCopies.add(new double[] {c, analyze.seconds(), load.peakHeap()});
            out.flush();
            if (!keep) Files.deleteIfExists(input);
        }
        scaling(analyzeByCopies, out);
        if (work == null && !keep) deleteTree(dir);
        out.flush();
        return ExitCode.OK;
    }

    private static boolean isDat(Path p) throws java.io.IOException {
        byte[] head = new byte[16];
        int n;
        try (java.io.InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return DatFile.isDat(head, n);
    }

    /** One size of a trace.dat benchmark: copies made at the record level, then (a) to (d) of {@link DatBenchmark}. */
    private void datRun(int c, Path dir, int n, PrintWriter out, List<double[]> analyzeByCopies) throws Exception {
        Path input = dir.resolve(trace.getFileName().toString().replaceAll("\\.dat$", "") + ".x" + c + ".dat");
        if (!keep || !Files.exists(input)) {
            long t0 = System.nanoTime();
            DatMultiplier.Output o = DatMultiplier.write(trace, c, input);
            out.printf("%ninput x%d: %s records, %s MB trace.dat v6 (made in %.1f s)%n", c, Numbers.grouped(o.records()),
                    Numbers.grouped(o.bytes() >> 20), (System.nanoTime() - t0) / 1e9);
        } else {
            out.printf("%ninput x%d: %s (kept from an earlier run)%n", c, input);
        }
        out.flush();
        List<BenchResult> results = new DatBenchmark(input, dir, n).run();
        BenchResult report = results.get(0);
        BenchResult text = results.get(1);
        BenchResult load = results.get(2);
        BenchResult analyze = results.get(3);
        print(results.stream().filter(java.util.Objects::nonNull).toList(), out);
        if (analyze.detail() != null) out.printf("  (d): %s%n", analyze.detail());
        out.printf(Locale.ROOT, "  ratios: load .dat / load report text %.2fx events/s (target >= 3x)", 
                load.itemsPerSecond() / text.itemsPerSecond());
        if (report != null) {
            out.printf(Locale.ROOT, "; trace-cmd report / load .dat %.2fx the time (target >= 5x)", report.seconds() / load.seconds());
        } else {
            out.print("; trace-cmd report: not installed, not measured");
        }
        out.println();
        analyzeByCopies.add(new double[] {c, analyze.seconds(), load.peakHeap()});
        out.flush();
        if (!keep) Files.deleteIfExists(input);
    }

    private static void scaling(List<double[]> analyzeByCopies, PrintWriter out) {
        if (analyzeByCopies.size() > 1) {
            double[] small = analyzeByCopies.get(0);
            double[] big = analyzeByCopies.get(analyzeByCopies.size() - 1);
            out.printf(Locale.ROOT, "%nscaling x%.0f -> x%.0f: analyze %.2fx the time for %.1fx the input (target: <= 2.2x for 2x); "
                    + "load peak heap %s -> %s MiB%n", small[0], big[0], big[1] / small[1], big[0] / small[0],
                    Numbers.grouped((long) small[2] >> 20), Numbers.grouped((long) big[2] >> 20));
        }
    }

    private static void print(List<BenchResult> results, PrintWriter out) {
        TextTable t = new TextTable(List.of("phase", "seconds", "items", "items/s", "MB/s", "peak RSS MiB", "peak heap MiB"),
                new boolean[] {false, true, true, true, true, true, true});
        for (BenchResult r : results) {
            t.add(r.phase(), String.format(Locale.ROOT, "%.2f", r.seconds()), Numbers.grouped(r.items()),
                    Numbers.si(r.itemsPerSecond()), r.bytes() > 0 ? String.format(Locale.ROOT, "%.0f", r.mbPerSecond()) : "",
                    r.peakRss() >= 0 ? Numbers.grouped(r.peakRss() >> 20) : "", r.peakHeap() >= 0
                            ? Numbers.grouped(r.peakHeap() >> 20) : "");
        }
        t.print(out);
    }

    /** Wall time of a fresh JVM giving its first result on a small sample: start-up included. */
    private void startup(PrintWriter out) throws Exception {
        Path s = sampleTrace();
        Path jar = jar();
        if (!Files.exists(s) || jar == null) {
            out.println("first result: skipped (no sample, or not run from the jar)");
            return;
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) best = Math.min(best, fresh(jar, "analyze", s.toString()).wall());
        out.printf(Locale.ROOT, "first result: %s analyze %s: %.2f s wall (best of 3, fresh JVM each)%n",
                launcher(jar) != null ? "bin/dioscope" : "java " + JvmFlags.describe() + "-jar " + jar.getFileName(), s, best);
    }

    /**
     * The HTML report against analyze on the same input, each in a fresh JVM, alternated (best of 3 each)
     * so that both see the same machine: the report's own cost is what it takes beyond the analysis.
     * Wall time is what the target is about; CPU time (user + system, of the whole JVM) is what other
     * work on a shared machine changes least.
     */
    private void reportVsAnalyze(PrintWriter out, Path dir) throws Exception {
        Path jar = jar();
        if (jar == null) {
            out.println("report vs analyze: skipped (not run from the jar)");
            return;
        }
        List<Path> inputs = new ArrayList<>();
        if (Files.exists(sampleTrace())) inputs.add(sampleTrace());
        inputs.add(trace);
        inputs.addAll(reportTraces);
        int within = 0;
        for (Path input : inputs) {
            Path html = dir.resolve("report");
            Run analyze = Run.NONE;
            Run report = Run.NONE;
            for (int i = 0; i < 3; i++) {
                analyze = analyze.best(fresh(jar, "analyze", input.toString()));
                report = report.best(fresh(jar, "report", input.toString(), "-o", html.toString()));
            }
            boolean met = report.wall() <= 1.5 * analyze.wall() && (!input.equals(sampleTrace()) || report.wall() < 2);
            if (met) within++;
            out.printf(Locale.ROOT, "report vs analyze: %s: report %.2f s, analyze %.2f s: %.2fx (target <= 1.5x%s): %s%n",
                    input, report.wall(), analyze.wall(), report.wall() / analyze.wall(),
                    input.equals(sampleTrace()) ? ", report < 2 s" : "", met ? "within" : "OVER");
            if (report.cpu() >= 0) {
                out.printf(Locale.ROOT, "  CPU (user + system): report %.2f s, analyze %.2f s: %.2fx%n", report.cpu(),
                        analyze.cpu(), report.cpu() / analyze.cpu());
            }
            deleteTree(html.resolve("img"));
            deleteTree(html);
            out.flush();
        }
        out.printf("report vs analyze: within the target on %d of %d input(s)%n", within, inputs.size());
    }

    /** Seconds of wall time and of CPU time (-1: not measurable here) of one fresh JVM, or the best of several. */
    private record Run(double wall, double cpu) {
        static final Run NONE = new Run(Double.MAX_VALUE, Double.MAX_VALUE);

        Run best(Run other) {
            return new Run(Math.min(wall, other.wall), Math.min(cpu, other.cpu));
        }
    }

    private Path sampleTrace() {
        return sample != null ? sample : Path.of("samples/xfs-mmap-overlap.trace");
    }

    /** The jar this runs from, or null (run from classes). */
    private static Path jar() throws Exception {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.toString().endsWith(".jar") ? jar : null;
    }

    /** bin/dioscope of the installation the jar is in (JAR/../../bin/dioscope), or null. */
    private static Path launcher(Path jar) {
        Path lib = jar.getParent();
        Path home = lib == null ? null : lib.getParent();
        Path launcher = home == null ? null : home.resolve("bin/dioscope");
        return launcher != null && Files.isExecutable(launcher) ? launcher : null;
    }

    /**
     * Wall and CPU time of one dioscope run in a fresh JVM, output discarded: through bin/dioscope when the jar
     * is in an installation (its class-data archive of that very command, DIOSCOPE_JAVA_OPTS), as users run it;
     * else {@code java FLAGS -jar JAR args...} with this JVM's own flags.
     */
    private static Run fresh(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (launcher(jar) != null) {
            command.add(launcher(jar).toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JvmFlags.forChildren());
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(List.of(args));
        double cpu0 = ChildCpu.available() ? ChildCpu.seconds() : 0;
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Run(wall, ChildCpu.available() ? ChildCpu.seconds() - cpu0 : -1);
    }

    private static String machine() {
        String cpu = "unknown cpu";
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " x " + cpu + ", Java " + System.getProperty("java.version");
    }

    private static void deleteTree(Path dir) {
        File[] files = dir.toFile().listFiles();
        if (files != null) for (File f : files) f.delete();
        dir.toFile().delete();
    }
}
