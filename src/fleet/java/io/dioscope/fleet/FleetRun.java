package io.dioscope.fleet;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** A fleet run from the driver's side: list the traces, run the job, print what became of each. */
final class FleetRun {
    private FleetRun() {}

    static int run(String master, String out, String run, long taskMemory, String glob, List<String> args,
            PrintWriter stdout, PrintWriter err) throws Exception {
        SparkSession spark = FleetJob.session(master);
        try {
            List<FleetInputs.Input> inputs = FleetInputs.list(args, glob, spark.sparkContext().hadoopConfiguration());
            if (inputs.isEmpty()) {
                err.println("dioscope: fleet: no trace files under " + String.join(", ", args) + " (--glob " + glob + ")");
                return 2;
            }
            List<String> paths = new ArrayList<>();
            for (FleetInputs.Input i : inputs) paths.add(i.path());
            long started = System.nanoTime();
            List<TraceOutcome> outcomes = FleetJob.run(spark, paths, new TraceTask(out, run, taskMemory));
            double seconds = (System.nanoTime() - started) / 1e9;
            for (TraceOutcome o : outcomes) {
                stdout.printf("%-16s exit %d  %s  (%d finding(s), %s)%n", o.outcome(), o.exitCode(), o.path(),
                        o.findings(), FleetCommand.seconds(o.seconds()));
                if (o.error() != null) stdout.println("    " + o.error());
            }
            stdout.printf("%d trace(s) in %s on %s; tables under %s/ (run=%s)%n", outcomes.size(),
                    FleetCommand.seconds(seconds), spark.sparkContext().master(), out, run);
            stdout.flush();
            return 0;
        } finally {
            spark.stop();
        }
    }
}
