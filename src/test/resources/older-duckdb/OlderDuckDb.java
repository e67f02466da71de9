import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Run by DatabaseInterchangeTest with an older DuckDB's JDBC driver on the class path, in a JVM of its
 * own (java OlderDuckDb.java DB SQL...): opens DB (read-only; "" for an in-memory database), prints the
 * DuckDB version, then runs each SQL statement and prints the rows of those that return any, as CSV.
 */
public class OlderDuckDb {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        if (!args[0].isEmpty()) p.setProperty("access_mode", "READ_ONLY");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0], p); Statement st = c.createStatement()) {
            print(st, "SELECT library_version FROM pragma_version()");
            for (int i = 1; i < args.length; i++) print(st, args[i]);
        }
    }

    private static void print(Statement st, String sql) throws Exception {
        if (!st.execute(sql)) return;
        try (ResultSet r = st.getResultSet()) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) row.append(i > 1 ? "," : "").append(r.getString(i));
                System.out.println(row);
            }
        }
    }
}
