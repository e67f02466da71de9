package io.dioscope.report;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** A table aligned for a terminal: numbers right-aligned, text left-aligned, NULL shown as NULL. */
public final class TextTable {
    private final List<String> header;
    private final boolean[] numeric;
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(List<String> header, boolean[] numeric) {
        this.header = header;
        this.numeric = numeric;
    }

    public static TextTable from(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String> header = new ArrayList<>();
        boolean[] numeric = new boolean[n];
        for (int i = 1; i <= n; i++) {
            header.add(md.getColumnLabel(i));
            numeric[i - 1] = isNumeric(md.getColumnType(i));
        }
        TextTable t = new TextTable(header, numeric);
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 1; i <= n; i++) {
                Object v = rs.getObject(i);
                row[i - 1] = v == null ? "NULL" : v.toString();
            }
            t.rows.add(row);
        }
        return t;
    }

    static boolean isNumeric(int sqlType) {
        switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
                    Types.DECIMAL, Types.NUMERIC:
                return true;
            default:
                return false;
        }
    }

    public void add(String... row) {
        rows.add(row);
    }

    public int size() {
        return rows.size();
    }

    public void print(PrintWriter out) {
        int n = header.size();
        int[] width = new int[n];
        for (int i = 0; i < n; i++) width[i] = header.get(i).length();
        for (String[] r : rows) {
            for (int i = 0; i < n; i++) width[i] = Math.max(width[i], printable(r[i]).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header.toArray(new String[0]), width, new boolean[n]);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append("  ");
            sb.append("-".repeat(width[i]));
        }
        sb.append('\n');
        for (String[] r : rows) line(sb, r, width, numeric);
        out.print(sb);
        out.flush();
    }

    private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append("  ");
            String c = printable(cells[i]);
            int pad = width[i] - c.length();
            if (right[i]) sb.append(" ".repeat(pad)).append(c);
            else if (i < cells.length - 1) sb.append(c).append(" ".repeat(pad));
            else sb.append(c);
        }
        sb.append('\n');
    }

    /** Trace text may hold control characters; a terminal table must not be broken (or driven) by them. */
    public static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (b == null) b = new StringBuilder(s.substring(0, i));
                b.append(String.format("\\x%02x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
