package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.ConflictEvent;
import io.dioscope.report.Finding;
import io.dioscope.report.Numbers;
import io.dioscope.report.ResultSetWriter;
import io.dioscope.report.TextTable;
import io.dioscope.rules.Rule;
import io.dioscope.rules.RuleSet;
import io.dioscope.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dioscope explain ID}: one finding in full: its window, each conflicting event with its line, the
 * rule's reasoning and SQL, and what the tasks involved did around the window.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain finding ID (its number in analyze's report): the direct-I/O window, each conflicting "
                + "event with its line, the rule's reasoning and SQL, and the neighbouring events of the tasks involved.")
final class ExplainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The finding's number (#3 in analyze's report).")
    int id;

    @Parameters(index = "1..*", paramLabel = "TRACE", arity = "0..*",
            description = "Traces to analyse first (optional with --db: the finding of its last analysis).")
    List<Path> traces = List.of();

    @Mixin
    DatabaseOption db;

    @Mixin
    LoadingOptions loading;

    @Option(names = "--rules", paramLabel = "DIR", description = "Also run the .sql rules in DIR.")
    Path rulesDir;

    @Option(names = "--around", paramLabel = "N", defaultValue = "20",
            description = "Events of the tasks involved shown before and after the window (default: ${DEFAULT-VALUE}).")
    int around;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AnalysisPipeline.checkCount("--around", around);
        AnalysisPipeline.checkInputs(traces, db.file, loading);
        List<Rule> rules = RuleSet.load(rulesDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Database database = DuckDbWarmUp.open(db.file, db.settings())) {
            Analysis a = AnalysisPipeline.run(database, traces, loading, rules, traces.isEmpty(), false, err, err);
            Finding f = a.findings().stream().filter(x -> x.id() == id).findFirst().orElseThrow(() -> new UserError(
                    "no finding #" + id + " (this analysis has " + a.findings().size() + ")"));
            explain(database, f, rules.stream().filter(r -> r.id().equals(f.rule())).findFirst().orElse(null), out);
        }
        StdoutWriter.check(out);
        return ExitCode.OK;
    }

    private void explain(Database database, Finding f, Rule rule, PrintWriter out) throws Exception {
        out.printf("#%d %s %s%s%n", f.id(), f.severity().label().toUpperCase(Locale.ROOT), f.rule(),
                f.qualifiers().isEmpty() ? "" : " (" + f.qualifiers() + ")");
        out.println("  " + TextTable.printable(f.message()));
        out.println();
        out.println("Window");
        out.printf("  trace %d: %s%n", f.traceId(), f.tracePath());
        if ("block".equals(f.windowEvidence())) {
            // a window of the block layer alone: one write bio, no inode; the file and its bytes where an extent map has them
            out.printf("  a synchronous write bio of 0x%x bytes at %s%s, %s, queued by %s (%d)%n", f.len(), f.fileName(),
                    f.knownOffset() == null ? " (no extent map of these sectors: file and offset unknown)"
                            : String.format(Locale.ROOT, ", file bytes [0x%x, 0x%x)", f.pos(), f.pos() + f.len()),
                    f.outcome(), name(f.submitComm()), f.submitPid());
        } else {
            out.printf("  direct %s of [0x%x, 0x%x) of %s, %s%s by %s (%d)%n", f.direction(), f.pos(),
                    f.pos() + f.len(), f.fileName(), f.aio() ? "async" : "sync",
                    f.outcome() == null ? "" : ", " + f.outcome(), name(f.submitComm()), f.submitPid());
        }
        out.printf("  begun %s (line %d), ended %s%s; rebuilt from %s%n", Numbers.seconds(f.beginTs()), f.beginLine(),
                Numbers.seconds(f.completeTs() != null ? f.completeTs() : f.endTs()),
                f.completeLine() == null ? "" : " (line " + f.completeLine() + ")", f.windowEvidence());
        if (!f.certain()) out.println("  uncertain: " + io.dioscope.report.TextReport.uncertainty(f));
        out.println();
        out.println("Conflicting events");
        TextTable c = new TextTable(List.of("line", "time", "task", "event", "pos", "len"), new boolean[] {true, false,
                false, false, true, true});
        for (ConflictEvent e : f.conflicts()) {
            c.add(Long.toString(e.line()), Numbers.seconds(e.ts()), name(e.comm()) + " (" + e.pid() + ")",
                    e.event(), e.pos() == null ? "" : "0x" + Long.toHexString(e.pos()),
                    e.len() == null ? "" : "0x" + Long.toHexString(e.len()));
        }
        c.print(indented(out));
        out.println();
        blockRequests(database, f, out);
        if (rule != null) {
            out.println("Rule " + rule.id() + ": " + rule.title());
            for (String line : rule.explanation().split("\n")) out.println("  " + line);
            if (rule.source() != null && !rule.source().isBlank()) out.println("  Background: " + rule.source());
            out.println("  SQL (" + rule.origin() + "):");
            for (String line : rule.sql().split("\n")) out.println("    " + line);
            out.println();
        }
        TreeSet<Integer> pids = new TreeSet<>();
        pids.add(f.submitPid());
        if (f.completePid() != null) pids.add(f.completePid());
        for (ConflictEvent e : f.conflicts()) pids.add(e.pid());
        out.println("Events of the tasks involved (" + pids.size() + ") around the window");
        String in = String.join(", ", pids.stream().map(String::valueOf).toList());
        long end = f.completeTs() != null ? f.completeTs() : f.endTs();
        String sql = "(SELECT line, ts, comm, pid, event, dev, ino, pos, len FROM events WHERE trace_id = ? AND pid IN (" + in
                + ") AND ts < ? ORDER BY ts DESC, line DESC LIMIT ?) UNION ALL "
                + "(SELECT line, ts, comm, pid, event, dev, ino, pos, len FROM events WHERE trace_id = ? AND pid IN (" + in
                + ") AND ts BETWEEN ? AND ? ORDER BY ts, line LIMIT 200) UNION ALL "
                + "(SELECT line, ts, comm, pid, event, dev, ino, pos, len FROM events WHERE trace_id = ? AND pid IN (" + in
                + ") AND ts > ? ORDER BY ts, line LIMIT ?) ORDER BY ts, line";
        try (PreparedStatement ps = database.connection().prepareStatement(
                "SELECT line, printf('%.6f', ts / 1e9) AS time, comm, pid, event, dev, ino, "
                        + "printf('0x%x', pos) AS pos, printf('0x%x', len) AS len, "
                        + "CASE WHEN ts BETWEEN ? AND ? THEN 'in window' ELSE '' END AS \"when\" FROM (" + sql + ")")) {
            int i = 1;
            ps.setLong(i++, f.beginTs());
            ps.setLong(i++, end);
            ps.setInt(i++, f.traceId());
            ps.setLong(i++, f.beginTs());
            ps.setInt(i++, around);
            ps.setInt(i++, f.traceId());
            ps.setLong(i++, f.beginTs());
            ps.setLong(i++, end);
            ps.setInt(i++, f.traceId());
            ps.setLong(i++, end);
            ps.setInt(i++, around);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetWriter.write(rs, ResultSetWriter.Format.TABLE, out);
            }
        }
    }

    /** A task's name as printable text; "pid" where the trace names none (blkparse's [(null)]). */
    private static String name(String comm) {
        return comm == null ? "pid" : TextTable.printable(comm);
    }

    /** The device's side of the window (window_blk_requests), when the trace has block events. */
    private static void blockRequests(Database database, Finding f, PrintWriter out) throws Exception {
        try (PreparedStatement n = database.connection().prepareStatement(
                "SELECT count(*) FROM window_blk_requests WHERE window_id = ?")) {
            n.setLong(1, f.windowId());
            try (ResultSet rs = n.executeQuery()) {
                if (!rs.next() || rs.getLong(1) == 0) return;
            }
        }
        try (PreparedStatement ps = database.connection().prepareStatement(
                "SELECT b.q_line AS line, printf('%.6f', r.q_ts / 1e9) AS queued, r.flags, b.dev, b.sector, "
                        + "b.len, b.path AS file, printf('0x%x', b.file_pos) AS file_pos, b.in_range, "
                        + "round(r.q2d / 1e3, 1) AS q2d_us, round(b.d2c / 1e3, 1) AS d2c_us, "
                        + "round(b.q2c / 1e3, 1) AS q2c_us "
                        + "FROM window_blk_requests b JOIN blk_requests r USING (trace_id, q_line) "
                        + "WHERE b.window_id = ? ORDER BY b.q_line")) {
            ps.setLong(1, f.windowId());
            try (ResultSet rs = ps.executeQuery()) {
                out.println("Block requests of the window (its write bios at the device: D2C is the device's time)");
                PrintWriter table = indented(out);
                ResultSetWriter.write(rs, ResultSetWriter.Format.TABLE, table);
                table.flush();
                out.println();
            }
        }
    }

    private static PrintWriter indented(PrintWriter out) {
        return new PrintWriter(new java.io.Writer() {
            private boolean lineStart = true;

            @Override
            public void write(char[] buf, int off, int len) {
                for (int k = off; k < off + len; k++) {
                    if (lineStart) out.print("  ");
                    out.print(buf[k]);
                    lineStart = buf[k] == '\n';
                }
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public void close() {
                flush();
            }
        }, true);
    }
}
