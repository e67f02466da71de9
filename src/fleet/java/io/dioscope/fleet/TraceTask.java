package io.dioscope.fleet;

import io.dioscope.ingest.TraceInputException;
import io.dioscope.model.ModelBuilder;
import io.dioscope.report.Analysis;
import io.dioscope.report.AnalysisReader;
import io.dioscope.report.Finding;
import io.dioscope.report.TraceCoverage;
import io.dioscope.report.Verdict;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleFileException;
import io.dioscope.rules.RuleSet;
import io.dioscope.rules.Severity;
import io.dioscope.store.Database;
import io.dioscope.store.DuplicateTraceException;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TableExport;
import io.dioscope.store.TraceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One Spark task: the whole embedded pipeline on one trace, inside the executor. The trace is read
 * (copied to local disk first when it is not on a local filesystem), loaded into an in-memory DuckDB
 * bounded to {@code memoryBytes}, modelled and judged by the built-in rules exactly as {@code dioscope
 * analyze} does; its tables are written as Parquet by DuckDB on local disk, then moved to their
 * partitions under OUT (replacing what an earlier run of the same trace left there). A trace that
 * cannot be read or analysed still gets its verdicts row, with the error: a fleet job never fails
 * because one trace is bad.
 */
final class TraceTask implements Function<String, TraceOutcome> {
    private static final long serialVersionUID = 1L;

    private final String out;
    private final String run;
    private final long memoryBytes;
    /** Threads outside Spark (bench fleet's probe); 0: Spark's spark.task.cpus, or the machine's cores. */
    private final int threads;

    TraceTask(String out, String run, long memoryBytes) {
        this(out, run, memoryBytes, 0);
    }

    TraceTask(String out, String run, long memoryBytes, int threads) {
        this.out = out;
        this.run = run;
        this.memoryBytes = memoryBytes;
        this.threads = threads;
    }

    @Override
    public TraceOutcome call(String path) throws Exception {
        long started = System.nanoTime();
        String trace = FleetLayout.traceKey(path);
        Path work = Files.createTempDirectory("dioscope-fleet-");
        try {
            Configuration conf = new Configuration();
            Analysed result;
            try (Database db = Database.open(null, new Database.Settings(memoryBytes))) {
                try {
                    result = analyse(db, path, trace, local(path, work, conf), work, started);
                } catch (IOException | SQLException | RuleFileException | RuntimeException e) {
                    // a trace that breaks the pipeline is that trace's problem, not the fleet's
                    String why = path + ": could not be analysed (" + e + ")";
                    result = new Analysed(unreadable(path, trace, why, started), null);
                }
            }
            try (Database db = Database.open(null)) {
                writeVerdict(db, result, work);
            }
            publish(conf, trace, work);
            return result.outcome();
        } finally {
            deleteTree(work);
        }
    }

    /** The trace as a local file: itself when it is on a local filesystem, else a copy in {@code work}. */
    private static Path local(String path, Path work, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        String scheme = p.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) return Path.of(p.toUri().getPath());
        Path copy = work.resolve("input").resolve(p.getName());
        Files.createDirectories(copy.getParent());
        p.getFileSystem(conf).copyToLocalFile(false, p, new org.apache.hadoop.fs.Path(copy.toUri()), true);
        return copy;
    }

    /** A trace's outcome and, when it was analysed, the analysis. */
    private record Analysed(TraceOutcome outcome, Analysis analysis) {}

    private TraceOutcome unreadable(String path, String trace, String why, long started) {
        return new TraceOutcome(path, "run=" + run + "/trace=" + trace, Verdict.Outcome.UNREADABLE_INPUT.label(),
                Verdict.Outcome.UNREADABLE_INPUT.exitCode, why, 0, seconds(started), why);
    }

    private Analysed analyse(Database db, String path, String trace, Path local, Path work, long started)
            throws SQLException, RuleFileException {
        // one trace, one database, on the cores Spark gave this task (spark.task.cpus), not the machine's
        int cpus = threads > 0 ? threads
                : TaskContext.get() == null ? Runtime.getRuntime().availableProcessors() : TaskContext.get().cpus();
        try (Statement st = db.connection().createStatement()) {
            st.execute("SET threads = " + cpus);
        }
        try {
            new TraceLoader(db, LoadOptions.defaults().withThreads(cpus)).load(local, ProgressListener.NONE);
        } catch (TraceInputException | DuplicateTraceException e) {
            // the message names the local copy: name the trace as the fleet knows it
            return new Analysed(unreadable(path, trace, e.getMessage().replace(local.toString(), path), started), null);
        }
        ModelBuilder.build(db);
        Analysis a = AnalysisReader.read(db, RuleEngine.run(db, RuleSet.builtIn()));
        Verdict v = Verdict.of(a, Severity.CRITICAL, false);
        try (Statement st = db.connection().createStatement()) {
            for (TableExport.Table t : TableExport.TABLES) {
                if (db.scalarLong("SELECT count(*) FROM " + t.source()) == 0) continue;
                st.execute("COPY (SELECT * EXCLUDE (trace_id) FROM " + t.source() + ") TO '"
                        + sql(work.resolve(t.name() + ".parquet")) + "' (" + TableExport.Format.PARQUET.copyOptions() + ")");
            }
        }
        return new Analysed(new TraceOutcome(path, "run=" + run + "/trace=" + trace, v.outcome().label(), v.exitCode(),
                v.sentence(), a.findings().size(), seconds(started), null), a);
    }

    /** The verdicts row of this trace, written as its own Parquet file (columns in queries/fleet/README.md). */
    private static void writeVerdict(Database db, Analysed result, Path work) throws SQLException {
        TraceOutcome o = result.outcome();
        Analysis a = result.analysis();
        TraceCoverage t = a == null ? null : a.traces().get(0);
        try (Statement st = db.connection().createStatement()) {
            st.execute("CREATE TEMP TABLE fleet_verdict (path VARCHAR, format VARCHAR, outcome VARCHAR, exit_code INTEGER, "
                    + "sentence VARCHAR, complete BOOLEAN, judgeable BOOLEAN, events BIGINT, lost_events BIGINT, "
                    + "findings BIGINT, critical BIGINT, warning BIGINT, info BIGINT, seconds DOUBLE, "
                    + "analysed_at TIMESTAMP, error VARCHAR)");
        }
        try (PreparedStatement ps = db.connection().prepareStatement(
                "INSERT INTO fleet_verdict VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            ps.setString(i++, o.path());
            ps.setString(i++, t == null ? null : t.format());
            ps.setString(i++, o.outcome());
            ps.setInt(i++, o.exitCode());
            ps.setString(i++, o.sentence());
            setBoolean(ps, i++, t == null ? null : t.complete());
            setBoolean(ps, i++, t == null ? null : t.judgeable());
            setLong(ps, i++, t == null ? null : t.events());
            setLong(ps, i++, t == null ? null : t.lostEvents() + Math.max(0, t.overwrittenEvents()));
            ps.setLong(i++, o.findings());
            for (Severity s : new Severity[] {Severity.CRITICAL, Severity.WARNING, Severity.INFO}) {
                ps.setLong(i++, a == null ? 0 : a.findings().stream().map(Finding::severity).filter(s::equals).count());
            }
            ps.setDouble(i++, o.seconds());
            ps.setTimestamp(i++, Timestamp.from(Instant.now()));
            ps.setString(i++, o.error());
            ps.execute();
        }
        try (Statement st = db.connection().createStatement()) {
            st.execute("COPY fleet_verdict TO '" + sql(work.resolve(FleetLayout.VERDICTS + ".parquet")) + "' ("
                    + TableExport.Format.PARQUET.copyOptions() + ")");
        }
    }

    /** Replaces the trace's partitions under OUT with the files just written (a table without rows has none). */
    private void publish(Configuration conf, String trace, Path work) throws IOException {
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(out);
        FileSystem fs = root.getFileSystem(conf);
        for (String table : FleetLayout.tables()) {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(root, FleetLayout.partition(table, run, trace));
            fs.delete(dir, true);
            Path file = work.resolve(table + ".parquet");
            if (Files.exists(file)) {
                fs.copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(file.toUri()),
                        new org.apache.hadoop.fs.Path(dir, FleetLayout.FILE));
            }
        }
    }

    private static void setBoolean(PreparedStatement ps, int i, Boolean v) throws SQLException {
        if (v == null) ps.setNull(i, java.sql.Types.BOOLEAN);
        else ps.setBoolean(i, v);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, java.sql.Types.BIGINT);
        else ps.setLong(i, v);
    }

    private static String sql(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
