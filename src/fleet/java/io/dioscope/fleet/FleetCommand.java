package io.dioscope.fleet;

import io.dioscope.cli.TraceInputs;
import io.dioscope.store.Database;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dioscope fleet --out DIR TRACE...}: the embedded analysis of each trace as one Apache Spark
 * task, the results as Parquet tables for the whole fleet. Spark is not part of the core launcher:
 * {@code bin/dioscope fleet} adds {@code $SPARK_HOME/jars}; on a cluster, {@code spark-submit} runs
 * the job jar (README, Fleet scale).
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Analyse many traces on Apache Spark (one task per trace) and write the results as Parquet "
                + "under OUT/TABLE/run=RUN/trace=TRACE/ (tables: verdicts, traces, events, dio_windows, "
                + "window_conflicts, findings; queries over them in queries/fleet/).",
            "Exit 0 when every trace has its verdicts row (findings and unreadable traces are rows, not "
                + "failures), 2 when the job could not run."})
public final class FleetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "1..*",
            description = "Trace files, directories (every trace file under them, see --glob) or path globs, on "
                    + "any filesystem Hadoop reads (local, NFS, hdfs://, s3a://).")
    List<String> traces;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Where the tables go (a directory or URI every executor can write).")
    String out;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[*] for this machine); default: what spark-submit configured.")
    String master;

    @Option(names = "--run", paramLabel = "NAME",
            description = "The run's partition value, e.g. the kernel version or the night (default: today, UTC). "
                    + "Rerunning a trace in the same run replaces its rows.")
    String run = LocalDate.now(ZoneOffset.UTC).toString();

    @Option(names = "--task-memory", paramLabel = "SIZE", defaultValue = "1GB",
            description = "DuckDB memory per task before it spills to disk (default: ${DEFAULT-VALUE}).")
    String taskMemory;

    @Option(names = "--glob", paramLabel = "GLOB", description = "Which files under a directory are traces (default: "
            + TraceInputs.DEFAULT_GLOB + ").")
    String glob = TraceInputs.DEFAULT_GLOB;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long memory;
        String runKey;
        try {
            memory = Database.Settings.parseSize(taskMemory);
            runKey = FleetLayout.runKey(run);
        } catch (IllegalArgumentException e) {
            err.println("dioscope: fleet: " + e.getMessage());
            return 2;
        }
        try {
            Class.forName("org.apache.spark.sql.SparkSession");
        } catch (ClassNotFoundException e) {
            err.println("dioscope: fleet needs Apache Spark 4.0 on the class path: set SPARK_HOME to a Spark 4.0 "
                    + "installation (bin/dioscope adds $SPARK_HOME/jars), or use spark-submit with the job jar");
            return 2;
        }
        return FleetRun.run(master, this.out, runKey, memory, glob, traces, out, err);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }
}
