package io.dioscope.cli;

import io.dioscope.report.Analysis;
import io.dioscope.report.ConflictEvent;
import io.dioscope.report.Finding;
import io.dioscope.rules.Rule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * What a post-mortem narrows an analysis to, shared by {@code analyze}, {@code report} and
 * {@code windows}: the rules that run, and the findings kept (by file, device, task, time span). The
 * verdict is then the narrowed analysis's: a CI job that focuses on one file fails only on it.
 */
final class FocusOptions {
    @Option(names = "--file", paramLabel = "INODE|PATH", description = "Only findings about this inode (decimal, or 0x hex as the iomap events print it), "
            + "or this file by its absolute path (from the file map 'dioscope record' keeps beside its trace).")
    String file;

    /** With --file PATH: the files of that path in trace_files, each "dev ino"; null until {@link #resolve}. */
    private Set<String> recordedFiles;

    @Option(names = "--dev", paramLabel = "MAJOR:MINOR", description = "Only findings on this device, as the events print it (7:0).")
    String dev;

    @Option(names = "--pid", paramLabel = "PID", description = "Only findings where this task submitted the I/O or made a conflicting event.")
    Integer pid;

    @Option(names = "--comm", paramLabel = "NAME", description = "Only findings where a task of this name submitted the I/O or made a conflicting event.")
    String comm;

    @Option(names = "--from", paramLabel = "SECONDS", description = "Only windows in flight at or after this time (seconds as the trace prints them: 4195.96).")
    String from;

    @Option(names = "--to", paramLabel = "SECONDS", description = "Only windows in flight at or before this time.")
    String to;

    @Option(names = "--rule", paramLabel = "ID", description = "Run only this rule (repeatable).")
    List<String> onlyRules = new ArrayList<>();

    @Option(names = "--skip-rule", paramLabel = "ID", description = "Do not run this rule (repeatable).")
    List<String> skipRules = new ArrayList<>();

    /** The rules to run; an id that names no rule is a usage error listing the ids there are. */
    List<Rule> rules(List<Rule> all) {
        Set<String> ids = new TreeSet<>();
        for (Rule r : all) ids.add(r.id());
        for (String id : concat(onlyRules, skipRules)) {
            if (!ids.contains(id)) throw new UserError("--rule/--skip-rule: no rule '" + id + "' (rules: " + String.join(", ", ids) + ")");
        }
        List<Rule> out = new ArrayList<>();
        for (Rule r : all) {
            if ((onlyRules.isEmpty() || onlyRules.contains(r.id())) && !skipRules.contains(r.id())) out.add(r);
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** Checks the values before anything is loaded. */
    void check() {
        inode();
        nanos("--from", from);
        nanos("--to", to);
    }

    boolean narrows() {
        return file != null || dev != null || pid != null || comm != null || from != null || to != null;
    }

    /** Whether --file names a path rather than an inode. */
    private boolean byPath() {
        return file != null && file.startsWith("/");
    }

    /**
     * With --file PATH, finds its device and inode in the recorded file maps of the loaded traces
     * (trace_files); a path no map has is an error, since the focus would silently keep nothing.
     */
    void resolve(io.dioscope.store.Database db) throws java.sql.SQLException {
        if (!byPath()) return;
        recordedFiles = new TreeSet<>();
        try (java.sql.PreparedStatement ps = db.connection().prepareStatement("SELECT DISTINCT dev, ino FROM trace_files WHERE path = ?")) {
            ps.setString(1, file);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) recordedFiles.add(rs.getString(1) + " " + rs.getLong(2));
            }
        }
        if (recordedFiles.isEmpty()) {
            throw new UserError("--file " + file + ": no recorded file map names this path (the maps come from the "
                    + ".meta.json 'dioscope record' writes beside its trace; give the inode instead)");
        }
    }

    /** The analysis with only the findings in focus (rule counts recounted). */
    Analysis apply(Analysis a) {
        if (!narrows()) return a;
        Long ino = inode();
        Long fromNs = nanos("--from", from);
        Long toNs = nanos("--to", to);
        List<Finding> kept = new ArrayList<>();
        for (Finding f : a.findings()) {
            if (ino != null && f.ino() != ino) continue;
            if (recordedFiles != null && !recordedFiles.contains(f.dev() + " " + f.ino())) continue;
            if (dev != null && !dev.equals(f.dev())) continue;
            if (pid != null && !involves(f, pid, null)) continue;
            if (comm != null && !involves(f, null, comm)) continue;
            long end = f.completeTs() != null ? f.completeTs() : f.endTs();
            if (fromNs != null && end < fromNs) continue;
            if (toNs != null && f.beginTs() > toNs) continue;
            kept.add(f);
        }
        return a.withFindings(kept);
    }

    /** Adds the focus to a WHERE clause over {@code dio_windows w} (the submitting or completing task), with its arguments. */
    void windowFilter(StringBuilder where, List<Object> args) {
        Long ino = inode();
        if (ino != null) {
            where.append(" AND w.ino = ?");
            args.add(ino);
        }
        if (recordedFiles != null) {
            java.util.StringJoiner any = new java.util.StringJoiner(" OR ", " AND (", ")");
            for (String key : recordedFiles) {
                any.add("(w.dev = ? AND w.ino = ?)");
                args.add(key.substring(0, key.indexOf(' ')));
                args.add(Long.parseLong(key.substring(key.indexOf(' ') + 1)));
            }
            where.append(any);
        }
        if (dev != null) {
            where.append(" AND w.dev = ?");
            args.add(dev);
        }
        if (pid != null) {
            where.append(" AND (w.submit_pid = ? OR w.complete_pid = ?)");
            args.add(pid);
            args.add(pid);
        }
        if (comm != null) {
            where.append(" AND (w.submit_comm = ? OR w.complete_comm = ?)");
            args.add(comm);
            args.add(comm);
        }
        Long fromNs = nanos("--from", from);
        Long toNs = nanos("--to", to);
        if (fromNs != null) {
            where.append(" AND coalesce(w.complete_ts, w.end_ts) >= ?");
            args.add(fromNs);
        }
        if (toNs != null) {
            where.append(" AND w.begin_ts <= ?");
            args.add(toNs);
        }
    }

    private static boolean involves(Finding f, Integer pid, String comm) {
        if (pid != null && (f.submitPid() == pid || pid.equals(f.completePid()))) return true;
        if (comm != null && (comm.equals(f.submitComm()) || comm.equals(f.completeComm()))) return true;
        for (ConflictEvent c : f.conflicts()) {
            if (pid != null && c.pid() == pid) return true;
            if (comm != null && comm.equals(c.comm())) return true;
        }
        return false;
    }

    private Long inode() {
        if (file == null || byPath()) return null;
        try {
            return file.startsWith("0x") || file.startsWith("0X") ? Long.parseUnsignedLong(file.substring(2), 16)
                    : Long.parseLong(file);
        } catch (NumberFormatException e) {
            throw new UserError("--file: '" + file + "' is not an inode number (decimal, or 0x hex) or an absolute path");
        }
    }

    private static Long nanos(String option, String seconds) {
        if (seconds == null) return null;
        try {
            return new BigDecimal(seconds).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UserError(option + ": '" + seconds + "' is not a time in seconds (as the trace prints it: 4195.96)");
        }
    }
}
