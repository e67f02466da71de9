package io.dioscope.fleet;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The Spark side of a fleet run: one task per trace, the outcomes collected on the driver. */
final class FleetJob {
    private FleetJob() {}

    /** A session for {@code master}, or for what spark-submit configured when it is null. */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("dioscope fleet")
                // partition values are names ("6.18", "2026-11-30"), never numbers or dates to be guessed
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        if (master != null) b = b.master(master);
        return b.getOrCreate();
    }

    static List<TraceOutcome> run(SparkSession spark, List<String> traces, TraceTask task) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // one partition per trace: Spark schedules them in order, largest first as listed
        return jsc.parallelize(traces, Math.max(1, traces.size())).map(task).collect();
    }
}
