package io.dioscope.rules;

import io.dioscope.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs rules over a database whose model is built, filling {@code findings}. The engine does not
 * know what a rule says: it runs the query, checks its columns against the contract in
 * {@code queries/rules/README.md}, and files the rows. The tables are SQL files it runs in turn:
 * {@code queries/findings.sql} (findings), {@code queries/findings_staging.sql} (where each rule's rows
 * are filed), then, after the last rule, {@code queries/findings_rank.sql} (the rows ranked worst
 * first into findings).
 */
public final class RuleEngine {
    private static final Set<String> REQUIRED = Set.of("window_id", "message");
    private static final Set<String> OPTIONAL = Set.of("conflict_lines", "severity", "evidence", "related_window_id");

    /** How one rule ran. */
    public record Outcome(Rule rule, long findings, double seconds) {}

    private RuleEngine() {}

    public static List<Outcome> run(Database db, List<Rule> rules) throws SQLException, RuleFileException {
        List<Outcome> outcomes = new ArrayList<>();
        try (Statement st = db.connection().createStatement()) {
            st.execute(Database.resource("queries/findings.sql"));
            st.execute(Database.resource("queries/findings_staging.sql"));
            for (Rule rule : rules) {
                long t0 = System.nanoTime();
                long n = runOne(st, rule);
                outcomes.add(new Outcome(rule, n, (System.nanoTime() - t0) / 1e9));
            }
            st.execute(Database.resource("queries/findings_rank.sql"));
        }
        return outcomes;
    }

    private static long runOne(Statement st, Rule rule) throws RuleFileException, SQLException {
        try {
            st.execute("CREATE OR REPLACE TEMP TABLE rule_result AS " + rule.sql());
        } catch (SQLException e) {
            if (rule.builtIn()) throw new SQLException(rule.origin() + ": " + e.getMessage(), e);
            throw new RuleFileException(rule.origin() + ": the query failed: " + firstLine(e.getMessage()));
        }
        Map<String, String> columns = new LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE rule_result)")) {
            while (rs.next()) columns.put(rs.getString(1), rs.getString(2));
        }
        for (String c : REQUIRED) {
            if (!columns.containsKey(c)) {
                throw new RuleFileException(rule.origin() + ": the query returns no '" + c + "' column "
                        + "(it returns " + String.join(", ", columns.keySet()) + ")");
            }
        }
        for (String c : columns.keySet()) {
            if (!REQUIRED.contains(c) && !OPTIONAL.contains(c)) {
                throw new RuleFileException(rule.origin() + ": unexpected column '" + c + "' (a rule returns "
                        + "window_id, message and optionally conflict_lines, severity, evidence, related_window_id)");
            }
        }
        if (columns.containsKey("severity")) {
            try (ResultSet rs = st.executeQuery("SELECT DISTINCT severity FROM rule_result "
                    + "WHERE severity IS NOT NULL AND severity NOT IN ('info', 'warning', 'critical')")) {
                if (rs.next()) {
                    throw new RuleFileException(rule.origin() + ": severity '" + rs.getString(1)
                            + "' (a row's severity is info, warning or critical)");
                }
            }
        }
        checkWindowIds(st, rule, "window_id", false);
        if (columns.containsKey("related_window_id")) checkWindowIds(st, rule, "related_window_id", true);
        String sql = "INSERT INTO findings_staging SELECT '" + rule.id() + "', "
                + (columns.containsKey("severity") ? "coalesce(severity, '" + rule.severity().label() + "')"
                        : "'" + rule.severity().label() + "'") + ", "
                + (columns.containsKey("evidence") ? "CAST(evidence AS VARCHAR)" : "NULL") + ", "
                + "CAST(window_id AS BIGINT), "
                + (columns.containsKey("related_window_id") ? "CAST(related_window_id AS BIGINT)" : "NULL") + ", "
                + "CAST(message AS VARCHAR), "
                + (columns.containsKey("conflict_lines") ? "CAST(conflict_lines AS BIGINT[])" : "NULL")
                + " FROM rule_result";
        try {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            if (rule.builtIn()) throw new SQLException(rule.origin() + ": " + e.getMessage(), e);
            throw new RuleFileException(rule.origin() + ": its rows do not fit the findings table: "
                    + firstLine(e.getMessage()));
        }
    }

    /**
     * A finding is about a window: a row whose {@code column} names no window of {@code dio_windows}
     * (NULL, negative, made up) would be counted nowhere and shown nowhere, so the rule is refused
     * instead of silently losing it.
     */
    private static void checkWindowIds(Statement st, Rule rule, String column, boolean nullable)
            throws RuleFileException, SQLException {
        String sql = "SELECT count(*), any_value(coalesce(CAST(r." + column + " AS VARCHAR), 'NULL')) "
                + "FROM rule_result r ANTI JOIN dio_windows w ON w.window_id = TRY_CAST(r." + column + " AS BIGINT)"
                + (nullable ? " WHERE r." + column + " IS NOT NULL" : "");
        long bad;
        String example;
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            bad = rs.getLong(1);
            example = rs.getString(2);
        } catch (SQLException e) {
            if (rule.builtIn()) throw new SQLException(rule.origin() + ": " + e.getMessage(), e);
            throw new RuleFileException(rule.origin() + ": its " + column + " column cannot be read as a window id: "
                    + firstLine(e.getMessage()));
        }
        if (bad == 0) return;
        String message = rule.origin() + ": the query returns " + column + " " + example + ", which is not a window ("
                + bad + " row(s) name no dio_windows.window_id)";
        if (rule.builtIn()) throw new SQLException(message);
        throw new RuleFileException(message);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
