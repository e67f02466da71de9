package io.dioscope.fleet;

import io.dioscope.cli.Main;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dioscope bench fleet TRACE...}: the fleet job on COPIES copies of each trace, in Spark's local
 * mode with 1 and then 2 executor cores, against what a CI script would otherwise do: {@code dioscope
 * analyze} on each trace in a shell loop, one JVM each. All three in one run on the same files.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Benchmark dioscope fleet: traces per minute with 1 and 2 executor cores (local[1], local[2]) "
                + "and against dioscope analyze per trace in a loop (a fresh JVM each), on COPIES copies of each TRACE.")
public final class FleetBenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "Real traces to copy.")
    List<Path> traces;

    @Option(names = "--copies", paramLabel = "N", defaultValue = "4", description = "Copies of each trace (default: ${DEFAULT-VALUE}).")
    int copies;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            spec.commandLine().getErr().println("dioscope: bench fleet needs Apache Spark 4.0: set SPARK_HOME");
            return 2;
        }
        Path dir = Files.createTempDirectory("dioscope-bench-fleet");
        try {
            List<String> paths = new ArrayList<>();
            for (int c = 0; c < copies; c++) {
                Path copy = Files.createDirectories(dir.resolve("in/copy-" + c));
                for (Path t : traces) paths.add(Files.copy(t, copy.resolve(t.getFileName())).toString());
            }
            // as `dioscope fleet` lists them (FleetInputs): largest first, so that the longest tasks start first
            paths = FleetInputs.list(paths, "*", new org.apache.hadoop.conf.Configuration()).stream()
                    .map(FleetInputs.Input::path).toList();
            out.printf("dioscope bench fleet: %d trace(s) (%d x %d), %d core(s) on this machine%n", paths.size(), copies,
                    traces.size(), Runtime.getRuntime().availableProcessors());
            fleet(paths, 2, dir.resolve("warm-up"), null); // JIT and Spark's first start, not timed
            double[] one = fleet(paths, 1, dir.resolve("out-1"), out);
            double[] two = fleet(paths, 2, dir.resolve("out-2"), out);
            double loop = shellLoop(paths, out);
            int machine = Runtime.getRuntime().availableProcessors();
            // with one executor core the JVM still keeps more than one core busy (the JIT compiler, the
            // garbage collector, the driver): on a machine of N cores, N over that is as far as 2 executor
            // cores can scale
            out.printf(Locale.ROOT, "scaling 1 -> 2 executor cores: %.2fx (local[1] kept %.2f cores busy: this %d-core machine "
                    + "allows at most %.2fx)%n", one[0] / two[0], one[1], machine, Math.min(2, machine / one[1]));
            if (paths.size() > 1) {
                out.printf(Locale.ROOT, "the pipeline without Spark: 2 tasks at once do %.2fx the work of 1 (%s and a copy; what this "
                        + "machine's 2 cores give when both are busy)%n", PipelineProbe.twoAtOnce(paths, dir), paths.get(0));
            }
            out.printf(Locale.ROOT, "fleet on 1 core vs the loop: %.2fx the loop's time; on 2 cores: %.2fx%n", one[0] / loop,
                    two[0] / loop);
            out.flush();
            return 0;
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** Wall seconds of the fleet job on {@code cores} executor cores, and the cores the JVM kept busy meanwhile. */
    private static double[] fleet(List<String> paths, int cores, Path out, PrintWriter print) {
        SparkSession spark = FleetJob.session("local[" + cores + "]");
        spark.sparkContext().setLogLevel("WARN");
        try {
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            FleetJob.run(spark, paths, new TraceTask(out.toUri().toString(), "bench", 1L << 30));
            double s = (System.nanoTime() - t0) / 1e9;
            double busy = (processCpuNanos() - cpu0) / 1e9 / s;
            if (print != null) {
                print.printf(Locale.ROOT, "fleet local[%d]: %.1f s, %.1f traces/min, %.2f cores busy (CPU time / wall time)%n",
                        cores, s, paths.size() * 60 / s, busy);
            }
            return new double[] {s, busy};
        } finally {
            spark.stop();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * dioscope analyze on each trace, one after the other, a fresh JVM each: the script a fleet replaces, run
     * through the launcher (bin/dioscope, with its class-data archive) when this jar is in an installation.
     */
    private static double shellLoop(List<String> paths, PrintWriter print) throws Exception {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path launcher = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().resolve("bin/dioscope");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        for (String p : paths) {
            List<String> command = launcher != null && Files.isExecutable(launcher) ? List.of(launcher.toString(), "analyze", p)
                    : jar.toString().endsWith(".jar") ? List.of(java, "-jar", jar.toString(), "analyze", p)
                    : List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "analyze", p);
            Process run = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int code = run.waitFor();
            // 0 to 3 are verdicts (PASS, FINDINGS, UNREADABLE-INPUT, INCOMPLETE): anything else did not analyse
            if (code > 3) throw new IllegalStateException(String.join(" ", command) + ": exit " + code + ": the loop is not timed");
        }
        double s = (System.nanoTime() - t0) / 1e9;
        print.printf(Locale.ROOT, "dioscope analyze in a loop (%s): %.1f s, %.1f traces/min%n",
                launcher != null && Files.isExecutable(launcher) ? "bin/dioscope" : "java -jar", s, paths.size() * 60 / s);
        return s;
    }
}
