package io.dioscope.fleet;

import io.dioscope.store.TableExport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where a fleet run puts its rows: {@code OUT/TABLE/run=RUN/trace=TRACE/part.parquet}, the Hive layout
 * Spark, DuckDB, Trino and pyarrow read as the columns {@code run} and {@code trace} after the file's
 * own. The tables are those of {@code dioscope export --parquet} ({@link TableExport#TABLES}, the same
 * columns without {@code trace_id}, which means nothing across traces) and {@code verdicts}, one row
 * per trace, analysed or not.
 */
public final class FleetLayout {
    public static final String VERDICTS = "verdicts";
    public static final String FILE = "part.parquet";

    private FleetLayout() {}

    /** Every table a run writes, verdicts first. */
    public static List<String> tables() {
        List<String> names = new ArrayList<>();
        names.add(VERDICTS);
        for (TableExport.Table t : TableExport.TABLES) names.add(t.name());
        return names;
    }

    /**
     * A trace's partition value: its file name made safe for a directory name, then 8 hex digits of the
     * SHA-256 of its whole path, so two {@code clean.trace} in two folders stay two partitions and a rerun
     * of the same path lands on the same one.
     */
    public static String traceKey(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** A run's name as a partition value: what a directory name may hold. */
    public static String runKey(String run) {
        String safe = run.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.isEmpty()) throw new IllegalArgumentException("--run: must not be empty");
        return safe;
    }

    /** The directory of one trace's rows of one table, under OUT. */
    public static String partition(String table, String run, String trace) {
        return table + "/run=" + run + "/trace=" + trace;
    }
}
