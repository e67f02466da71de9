package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.ResultSetWriter;
import io.dioscope.report.TraceCoverage;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dioscope windows}: the direct-I/O windows as a table, narrowed like analyze's findings. */
@Command(name = "windows", mixinStandardHelpOptions = true,
        description = "List the direct-I/O windows (each direct write or read from submission to completion) of the "
                + "traces, with how many findings each has and, when the trace has block events, how many write bios "
                + "each queued and the longest device time (D2C) among them; --file, --dev, --pid, --comm, --from, --to narrow them.")
final class WindowsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TRACE", arity = "0..*", description = "Traces to load (optional with --db: its traces).")
    List<Path> traces = List.of();

    @Mixin
    DatabaseOption db;

    @Mixin
    LoadingOptions loading;

    @Mixin
    FocusOptions focus;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: table, csv or json (default: ${DEFAULT-VALUE}).")
    ResultSetWriter.Format format;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        focus.check();
        AnalysisPipeline.checkInputs(traces, db.file, loading);
        java.io.PrintWriter out = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        try (Database database = DuckDbWarmUp.open(db.file, db.settings())) {
            // progress to stderr: stdout is the table
            Analysis a = AnalysisPipeline.run(database, traces, loading, focus.rules(RuleSet.load(null)), traces.isEmpty(),
                    false, err, err);
            if (a.traces().isEmpty()) return ExitCode.ERROR;
            List<Object> args = new ArrayList<>();
            StringJoiner ids = new StringJoiner(", ");
            for (TraceCoverage t : a.traces()) ids.add(Integer.toString(t.traceId()));
            StringBuilder where = new StringBuilder("w.trace_id IN (" + ids + ")");
            focus.resolve(database);
            focus.windowFilter(where, args);
            String sql = "SELECT w.trace_id AS trace, w.window_id AS window, w.direction, w.outcome, w.dev, w.ino, "
                    + "printf('0x%x', w.pos) AS pos, printf('0x%x', w.len) AS len, "
                    + "printf('%.6f', w.begin_ts / 1e9) AS begin, printf('%.6f', coalesce(w.complete_ts, w.end_ts) / 1e9) AS \"end\", "
                    + "coalesce(w.submit_comm, 'pid') || ' (' || w.submit_pid || ')' AS submitted_by, w.aio, w.evidence, "
                    + "w.begin_line, (SELECT count(*) FROM findings f WHERE f.window_id = w.window_id) AS findings, "
                    // the device's side (window_blk_requests): the window's write bios and the longest D2C
                    + "coalesce(b.bios, 0) AS bios, b.max_d2c_us "
                    + "FROM dio_windows w LEFT JOIN (SELECT window_id, count(*) AS bios, "
                    + "round(max(d2c) / 1e3, 1) AS max_d2c_us FROM window_blk_requests GROUP BY window_id) b "
                    + "USING (window_id) WHERE " + where + " ORDER BY w.trace_id, w.begin_ts, w.window_id";
            try (PreparedStatement ps = database.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetWriter.write(rs, format, out);
                }
            }
        }
        StdoutWriter.check(out);
        return ExitCode.OK;
    }
}
