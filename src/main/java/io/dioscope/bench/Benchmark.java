package io.dioscope.bench;

import io.dioscope.model.ModelBuilder;
import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import io.dioscope.store.LoadOptions;
import io.dioscope.store.LoadedTrace;
import io.dioscope.store.ProgressListener;
import io.dioscope.store.TraceLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One benchmark run on one input, the four phases side by side on the same file: (a) {@code wc -l},
 * (b) DuckDB's own ingest (read_csv of whole lines, regexp_extract into comm, pid, cpu, ts, event,
 * body, CREATE TABLE AS), (c) dioscope load, (d) dioscope's model and rules on the loaded database.
 */
public final class Benchmark {
    /**
     * The regular expression DuckDB splits an ftrace line with in (b). The task is matched lazily: with
     * a greedy {@code (.*)-} the same split runs at about half the speed, and (b) is meant to be DuckDB
     * at its best.
     */
    static final String SPLIT = "^ *(.+?)-(\\d+) +\\[(\\d+)\\] \\S+ +(\\d+\\.\\d+): ([^:]+): (.*)$";

    private final Path input;
    private final Path work;
    private final int threads;

    public Benchmark(Path input, Path work, int threads) {
        this.input = input;
        this.work = work;
        this.threads = threads;
    }

    public List<BenchResult> run() throws Exception {
        List<BenchResult> results = new ArrayList<>();
        long bytes = Files.size(input);
        results.add(wcLines(bytes));
        results.add(duckdbNative(bytes));
        Path db = work.resolve(input.getFileName() + ".dioscope.db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
        results.add(load(db, bytes));
        results.add(analyze(db));
        return results;
    }

    private BenchResult wcLines(long bytes) throws IOException, InterruptedException {
        Resources.reset();
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("wc", "-l", input.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IOException("wc -l failed: " + out);
        double s = (System.nanoTime() - t0) / 1e9;
        return new BenchResult("(a) wc -l", s, Long.parseLong(out.split("\\s+")[0]), bytes, -1, -1);
    }

    private BenchResult duckdbNative(long bytes) throws Exception {
        Path db = work.resolve(input.getFileName() + ".duckdb-native.db");
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + ".wal"));
        io.dioscope.store.DuckDbNativeLibrary.load();
        Resources.reset();
        long t0 = System.nanoTime();
        long events;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath());
                Statement st = c.createStatement()) {
            st.execute("SET threads = " + threads);
            st.execute("SET preserve_insertion_order = false");
            st.execute("CREATE TABLE lines_split AS SELECT s.comm, s.pid, s.cpu, s.ts, s.event, s.body FROM ("
                    + "SELECT regexp_extract(line, '" + SPLIT.replace("'", "''") + "', "
                    + "['comm', 'pid', 'cpu', 'ts', 'event', 'body']) AS s "
                    + "FROM read_csv('" + input.toAbsolutePath().toString().replace("'", "''") + "', "
                    + "columns = {'line': 'VARCHAR'}, header = false, delim = chr(1), quote = '', escape = '', "
                    + "auto_detect = false, max_line_size = 1048576))");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM lines_split WHERE event <> ''")) {
                rs.next();
                events = rs.getLong(1);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        BenchResult r = new BenchResult("(b) DuckDB read_csv + regexp_extract", s, events, bytes, Resources.peakRss(),
                Resources.peakHeap());
        Files.deleteIfExists(db);
        return r;
    }

    private BenchResult load(Path db, long bytes) throws Exception {
        Resources.reset();
        long t0 = System.nanoTime();
        LoadedTrace t;
        try (Database d = Database.open(db)) {
            t = new TraceLoader(d, LoadOptions.defaults().withThreads(threads)).load(input, ProgressListener.NONE);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double threadSeconds = t.seconds() * threads;
        String detail = String.format(Locale.ROOT, "of %.1f thread-seconds: reading and parsing %.1f, copying into "
                + "DuckDB chunks %.1f, DuckDB storing the rows %.1f", threadSeconds, t.parseSeconds(), t.chunkSeconds(),
                Math.max(0, threadSeconds - t.parseSeconds() - t.chunkSeconds()));
        return new BenchResult("(c) dioscope load", s, t.events(), bytes, Resources.peakRss(), Resources.peakHeap(),
                detail);
    }

    /** Phase (d) alone, on a database already loaded. */
    public BenchResult analyzeOnly(Path db) throws Exception {
        return analyze(db);
    }

    private BenchResult analyze(Path db) throws Exception {
        Resources.reset();
        long t0 = System.nanoTime();
        long findings = 0;
        double ruleSeconds = 0;
        Map<String, Double> steps;
        try (Database d = Database.open(db)) {
            try (Statement st = d.connection().createStatement()) {
                st.execute("SET threads = " + threads);
            }
            steps = ModelBuilder.build(d);
            for (RuleEngine.Outcome o : RuleEngine.run(d, RuleSet.builtIn())) {
                findings += o.findings();
                ruleSeconds += o.seconds();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        StringBuilder detail = new StringBuilder(String.format(Locale.ROOT, "rules %.2f s; model", ruleSeconds));
        steps.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(5).forEach(
                e -> detail.append(String.format(Locale.ROOT, " %s %.2f s,", e.getKey().replace(".sql", ""), e.getValue())));
        detail.append(" ...");
        return new BenchResult("(d) dioscope analyze (model + rules)", s, findings, 0, Resources.peakRss(),
                Resources.peakHeap(), detail.toString());
    }
}
