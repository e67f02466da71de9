package io.dioscope.report;

import io.dioscope.rules.RuleEngine;
import io.dioscope.rules.Severity;
import io.dioscope.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads an {@link Analysis} out of a database whose model is built and whose rules have run. */
public final class AnalysisReader {
    private AnalysisReader() {}

    public static Analysis read(Database db, List<RuleEngine.Outcome> outcomes) throws SQLException {
        return read(db, outcomes, List.of(), null);
    }

    /**
     * The analysis of the traces {@code traceIds} (all when null), with the inputs that were named but
     * could not be loaded.
     */
    public static Analysis read(Database db, List<RuleEngine.Outcome> outcomes, List<Analysis.UnreadInput> unread,
            Collection<Integer> traceIds) throws SQLException {
        Connection c = db.connection();
        String only = traceIds == null ? "true" : traceIds.isEmpty() ? "false"
                : "trace_id IN (" + traceIds.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
        return new Analysis(unread, coverage(c, only), summaries(c, outcomes, only), findings(c, only));
    }

    private static List<TraceCoverage> coverage(Connection c, String only) throws SQLException {
        Map<Integer, Map<String, Long>> writes = new HashMap<>();
        Map<Integer, Map<String, Long>> reads = new HashMap<>();
        Map<Integer, Map<String, Long>> evidence = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT trace_id, direction, outcome, count(*) FROM dio_windows WHERE " + only + " GROUP BY ALL "
                        + "ORDER BY trace_id, direction, count(*) DESC, outcome")) {
            while (rs.next()) {
                Map<Integer, Map<String, Long>> m = "read".equals(rs.getString(2)) ? reads : writes;
                m.computeIfAbsent(rs.getInt(1), k -> new LinkedHashMap<>()).merge(rs.getString(3), rs.getLong(4), Long::sum);
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT trace_id, evidence, count(*) FROM dio_windows WHERE " + only
                        + " GROUP BY ALL ORDER BY trace_id, evidence")) {
            while (rs.next()) {
                evidence.computeIfAbsent(rs.getInt(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        }
        Map<Integer, Long> orphans = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT trace_id, count(*) FROM dio_orphan_completions WHERE " + only + " GROUP BY ALL")) {
            while (rs.next()) orphans.put(rs.getInt(1), rs.getLong(2));
        }
        List<TraceCoverage> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT t.trace_id, t.path, t.format, t.lines, t.events, t.unparsed_lines, t.overwritten_events, "
                        + "t.lost_events, t.buffer_wraps, t.truncated, t.truncation, coalesce(t.first_ts, 0), "
                        + "coalesce(t.last_ts, 0), coalesce(c.complete_from_ts, t.first_ts, 0), "
                        + "coalesce(j.reasons, []), j.sentence, j.scope, coalesce(c.clock_resets, 0), "
                        + "coalesce(t.load_seconds, 0) "
                        + "FROM traces t LEFT JOIN trace_coverage c USING (trace_id) "
                        + "LEFT JOIN trace_judgement j USING (trace_id) WHERE " + only + " ORDER BY t.trace_id")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                out.add(new TraceCoverage(id, rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getInt(9), rs.getBoolean(10), rs.getString(11),
                        rs.getLong(12), rs.getLong(13), rs.getLong(14), writes.getOrDefault(id, Map.of()),
                        reads.getOrDefault(id, Map.of()), evidence.getOrDefault(id, Map.of()),
                        orphans.getOrDefault(id, 0L), strings(rs.getArray(15)), rs.getString(16),
                        rs.getString(17), rs.getLong(18), rs.getDouble(19)));
            }
        }
        return out;
    }

    private static List<RuleSummary> summaries(Connection c, List<RuleEngine.Outcome> outcomes, String only)
            throws SQLException {
        Map<String, long[]> counts = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT rule, severity, count(*) FROM finding_details WHERE " + only + " GROUP BY ALL")) {
            while (rs.next()) {
                long[] n = counts.computeIfAbsent(rs.getString(1), k -> new long[3]);
                n[Severity.parse(rs.getString(2)).ordinal()] += rs.getLong(3);
            }
        }
        List<RuleSummary> out = new ArrayList<>();
        for (RuleEngine.Outcome o : outcomes) {
            long[] n = counts.getOrDefault(o.rule().id(), new long[3]);
            out.add(new RuleSummary(o.rule().id(), o.rule().severity(), o.rule().title(), o.rule().explanation(),
                    o.rule().source(), o.rule().origin(), n[0] + n[1] + n[2], n[2], n[1], n[0]));
        }
        return out;
    }

    private static List<Finding> findings(Connection c, String only) throws SQLException {
        Map<Integer, List<ConflictEvent>> conflicts = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "WITH lines AS (SELECT finding_id, trace_id, unnest(conflict_lines) AS line "
                        + "FROM finding_details WHERE " + only + ") "
                        + "SELECT l.finding_id, e.line, e.ts, e.pid, e.comm, e.event, e.pos, e.len, "
                        + "coalesce(e.body, e.message, e.func || CASE WHEN e.caller IS NULL THEN '' "
                        + "ELSE ' <-' || e.caller END) "
                        + "FROM lines l JOIN events e ON e.trace_id = l.trace_id AND e.line = l.line "
                        + "ORDER BY l.finding_id, e.line")) {
            while (rs.next()) {
                conflicts.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(new ConflictEvent(
                        rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        (Long) rs.getObject(7), (Long) rs.getObject(8), rs.getString(9)));
            }
        }
        List<Finding> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT finding_id, rule, severity, evidence, message, trace_id, trace_path, window_id, "
                        + "related_window_id, direction, window_evidence, dev, ino, pos, len, begin_ts, end_ts, "
                        + "complete_ts, submit_pid, submit_comm, complete_pid, complete_comm, aio, outcome, begin_line, "
                        + "complete_line, trusted, certain, untrusted_because, confirmed_by, file_path, page_size, sector FROM finding_details WHERE " + only
                        + " ORDER BY finding_id")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                out.add(new Finding(id, rs.getString(2), Severity.parse(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8), (Long) rs.getObject(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getLong(13), rs.getString(31), rs.getLong(14),
                        rs.getLong(15), rs.getLong(16), rs.getLong(17), (Long) rs.getObject(18), rs.getInt(19),
                        rs.getString(20), (Integer) rs.getObject(21), rs.getString(22), rs.getBoolean(23),
                        rs.getString(24), rs.getLong(25), (Long) rs.getObject(26), rs.getBoolean(27),
                        rs.getBoolean(28), rs.getString(29), (Long) rs.getObject(30), conflicts.getOrDefault(id, List.of()),
                        false, rs.getLong(32), (Long) rs.getObject(33)));
            }
        }
        return out;
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) out.add(String.valueOf(o));
        return out;
    }
}
