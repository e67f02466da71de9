package io.dioscope.fleet;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * bench fleet's measure of the machine: kept out of {@link FleetBenchCommand}, whose methods picocli reflects
 * on at every start of dioscope, so that no method there names a class that needs Spark (a lambda capturing
 * a {@link TraceTask} would, and {@code dioscope analyze} would fail without Spark on the class path).
 */
final class PipelineProbe {
    private PipelineProbe() {}

    /**
     * The pipeline's own scaling on this machine, without Spark: the fleet's task (one thread each) on the
     * largest trace alone, then on two of its copies at once. A machine whose two cores slow each other down
     * (a shared cache and memory bus, a busy host) gives well under 2x, and no job of two tasks can scale
     * past that.
     */
    static double twoAtOnce(List<String> paths, Path dir) throws Exception {
        TraceTask task = new TraceTask(dir.resolve("probe").toUri().toString(), "probe", 1L << 30, 1);
        task.call(paths.get(0)); // compiled before it is timed
        long t0 = System.nanoTime();
        task.call(paths.get(0));
        long alone = System.nanoTime() - t0;
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            t0 = System.nanoTime();
            List<Callable<TraceOutcome>> pair = List.of(() -> task.call(paths.get(0)), () -> task.call(paths.get(1)));
            for (java.util.concurrent.Future<TraceOutcome> f : two.invokeAll(pair)) f.get();
            return 2.0 * alone / (System.nanoTime() - t0);
        } finally {
            two.shutdown();
        }
    }
}
