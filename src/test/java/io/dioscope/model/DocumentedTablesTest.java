package io.dioscope.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dioscope.AnalyzedCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table and view a database holds after {@code analyze} is described, column by column, in
 * the SQL file that creates it, and the description matches the real table ({@code DESCRIBE}), as
 * Perfetto's stdlib checker does for its SQL modules. Two ways to describe one:
 * <ul>
 *   <li>a header block {@code -- @table NAME} followed by one {@code -- @column NAME text} per
 *       column, in the table's column order (for {@code CREATE TABLE ... AS} and views);
 *   <li>a column list with a comment on each column's line ({@code pos BIGINT, -- first byte}).
 * </ul>
 */
class DocumentedTablesTest {
    private static final Path QUERIES = Path.of("queries");
    private static final Pattern HEADER_TABLE = Pattern.compile("^-- @table (\\w+)\\s*$");
    private static final Pattern HEADER_COLUMN = Pattern.compile("^-- @column (\\w+)\\s+\\S.*$");
    private static final Pattern CREATE_WITH_COLUMNS = Pattern.compile(
            "^CREATE (?:OR REPLACE )?TABLE (?:IF NOT EXISTS )?(\\w+) \\($");
    private static final Pattern COLUMN_LINE = Pattern.compile("^\\s+(\\w+)\\s+[A-Z][A-Z0-9_\\[\\]()]*.*$");

    /** A table's documented columns, in order, and the file that documents it. */
    record Documented(String file, List<String> columns) {}

    @Test
    void everyTableAndViewIsDocumentedAsItIs() throws Exception {
        Map<String, Documented> docs = documentedTables();
        AnalyzedCorpus c = AnalyzedCorpus.get();
        List<String> problems = new ArrayList<>();
        for (String table : tablesAndViews(c)) {
            Documented d = docs.get(table);
            if (d == null) {
                problems.add(table + ": no SQL file under queries/ documents it (-- @table " + table + ")");
                continue;
            }
            List<String> actual = columns(c, table);
            if (!actual.equals(d.columns())) {
                problems.add(table + " (" + d.file() + "): documented " + d.columns() + " but the table has " + actual);
            }
        }
        if (!problems.isEmpty()) fail(String.join("\n", problems));
    }

    @Test
    void theParserSeesBothWaysOfDocumenting() throws Exception {
        Map<String, Documented> docs = documentedTables();
        // one table of each kind, so that a parser that finds nothing cannot pass the test above
        assertTrue(docs.get("events").columns().contains("ino"), "schema.sql's column comments");
        assertEquals("window_id", docs.get("window_conflicts").columns().get(0), "a @table header");
    }

    static Map<String, Documented> documentedTables() throws IOException {
        Map<String, Documented> docs = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(QUERIES)) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                Matcher header = HEADER_TABLE.matcher(lines.get(i));
                Matcher create = CREATE_WITH_COLUMNS.matcher(lines.get(i));
                if (header.matches()) {
                    put(docs, header.group(1), new Documented(f.toString(), headerColumns(lines, i + 1)));
                } else if (create.matches()) {
                    put(docs, create.group(1), new Documented(f.toString(), commentedColumns(f, lines, i + 1)));
                }
            }
        }
        return docs;
    }

    private static void put(Map<String, Documented> docs, String table, Documented d) {
        Documented before = docs.put(table, d);
        if (before != null) fail(table + " is documented twice: in " + before.file() + " and " + d.file());
    }

    /** The @column lines after a @table line, up to the first line that is not part of the block. */
    private static List<String> headerColumns(List<String> lines, int from) {
        List<String> columns = new ArrayList<>();
        for (int i = from; i < lines.size() && lines.get(i).startsWith("--"); i++) {
            if (HEADER_TABLE.matcher(lines.get(i)).matches()) break;
            Matcher m = HEADER_COLUMN.matcher(lines.get(i));
            if (m.matches()) columns.add(m.group(1));
        }
        return columns;
    }

    /** The columns of a {@code CREATE TABLE x (...)} list; each must carry a comment on its line. */
    private static List<String> commentedColumns(Path f, List<String> lines, int from) {
        List<String> columns = new ArrayList<>();
        for (int i = from; i < lines.size() && !lines.get(i).startsWith(")"); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("--") || line.isBlank()) continue;
            Matcher m = COLUMN_LINE.matcher(line);
            if (!m.matches()) continue; // a constraint
            // a column without its comment is listed as undocumented ('?'), so the comparison fails
            columns.add(line.contains("--") ? m.group(1) : m.group(1) + "? (" + f + ":" + (i + 1) + ": no comment)");
        }
        return columns;
    }

    private static List<String> tablesAndViews(AnalyzedCorpus c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
                        + "AND schema_name = 'main' UNION ALL SELECT view_name FROM duckdb_views() "
                        + "WHERE NOT temporary AND NOT internal AND schema_name = 'main' ORDER BY 1")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    private static List<String> columns(AnalyzedCorpus c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name FROM (DESCRIBE " + table + ")")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }
}
