package io.dioscope.store;

import io.dioscope.ingest.decode.EventCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBTableFunctionBuilder;

/** A DuckDB database (a file, or in memory) holding dioscope's schema. */
public final class Database implements AutoCloseable {
    private final DuckDBConnection connection;
    private final Path file;

    private Database(DuckDBConnection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /** Opens (creating if needed) the database at {@code file}, or an in-memory one when null. */
    public static Database open(Path file) throws SQLException {
        String url = "jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath());
        DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection(url);
        Database db = new Database(c, file);
        db.applySchema();
        return db;
    }

    public Connection connection() {
        return connection;
    }

    /** The database file, or null when in memory. */
    public Path file() {
        return file;
    }

    private void applySchema() throws SQLException {
        try (Statement st = connection.createStatement()) {
            // events carry their line number; DuckDB need not keep insertion order, which lets the
            // parallel scan insert from all threads at once
            st.execute("SET preserve_insertion_order = false");
            st.execute(resource("queries/schema.sql"));
        }
        fillEventTypes();
        try (DuckDBTableFunctionBuilder b = DuckDBFunctions.tableFunction()) {
            b.withName(EventScanFunction.NAME)
                    .withParameter(org.duckdb.DuckDBColumnType.BIGINT)
                    .withFunction(new EventScanFunction())
                    .register(connection);
        }
    }

    private void fillEventTypes() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO event_types VALUES (?, ?, ?, ?, ?)")) {
            for (EventCatalog.Entry e : EventCatalog.standard().entries()) {
                ps.setString(1, e.name);
                ps.setString(2, e.system);
                ps.setString(3, e.family);
                ps.setString(4, e.columns);
                ps.setString(5, e.description);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The text of a resource packaged from {@code queries/} (or elsewhere on the class path). */
    public static String resource(String name) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

    /** The next free trace id (traces already in a reused database keep theirs). */
    int nextTraceId() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(trace_id), 0) + 1 FROM traces")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    public long scalarLong(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
