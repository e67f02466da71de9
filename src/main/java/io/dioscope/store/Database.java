package io.dioscope.store;

import io.dioscope.ingest.decode.EventAccess;
import io.dioscope.ingest.decode.EventCatalog;
import io.dioscope.ingest.decode.EventRange;
import io.dioscope.ingest.decode.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
    /** An in-memory database's directory to spill to, made when it is configured. */
    private Path spillDirectory;

    private Database(DuckDBConnection connection, Path file) {
        this.connection = connection;
        this.file = file;
    }

    /**
     * The DuckDB storage format a new {@code --db} file is written in: v1.0.0, the file header's
     * version 64, which every DuckDB from 1.0 on opens (the 1.x CLI, Python and Node packages
     * included); DuckDB 2.0's own format (v2.0.0) opens only in 2.0 and later. Measured on the corpus
     * fio trace: about 6% larger, no load time lost (the README's Interchange section).
     */
    public static final String STORAGE_VERSION = "v1.0.0";

    /** Opens (creating if needed) the database at {@code file}, or an in-memory one when null. */
    public static Database open(Path file) throws SQLException {
        return open(file, Settings.fromEnvironment());
    }

    /**
     * Opens (creating if needed) the database at {@code file}, or an in-memory one when null, with
     * DuckDB's memory bounded by {@code settings}. A file that holds tables dioscope did not make is
     * refused before anything is written to it ({@link ForeignDatabaseException}).
     */
    public static Database open(Path file, Settings settings) throws SQLException {
        DuckDBConnection c = connect(file);
        try {
            if (file != null) checkOwnership(c, file);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        Database db = new Database(c, file);
        try {
            db.limit(settings);
            db.applySchema();
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A new in-memory database with the schema, not yet given its {@link Settings}: what a command that
     * analyses traces without {@code --db} will open, made on a thread of its own while the command
     * line is read (the cli's warm-up). Its schema and event catalog take a tenth of a second of a
     * small run. {@link #configure} it before use.
     */
    public static Database inMemoryAhead() throws SQLException {
        Database db = new Database(connect(null), null);
        try {
            db.applySchema();
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** This database (one from {@link #inMemoryAhead}) bounded by {@code settings}. */
    public Database configure(Settings settings) throws SQLException {
        try {
            limit(settings);
            return this;
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static DuckDBConnection connect(Path file) throws SQLException {
        DuckDbNativeLibrary.load();
        String url = "jdbc:duckdb:" + (file == null ? "" : file.toAbsolutePath());
        java.util.Properties properties = new java.util.Properties();
        // applies to a file DuckDB creates now; an existing file keeps the version it was written with
        if (file != null) properties.setProperty("storage_compatibility_version", STORAGE_VERSION);
        return (DuckDBConnection) DriverManager.getConnection(url, properties);
    }

    /** DuckDB's memory limit, and for an in-memory database a directory of its own to spill to. */
    private void limit(Settings settings) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET memory_limit = '" + settings.memoryLimitBytes() + "B'");
            if (file == null && spillDirectory == null) {
                // an in-memory database has nowhere to spill unless told: give it a directory of its own
                try {
                    spillDirectory = Files.createTempDirectory("dioscope-duckdb-");
                } catch (IOException io) {
                    throw new SQLException("cannot create a temporary directory: " + io.getMessage(), io);
                }
                st.execute("SET temp_directory = '" + spillDirectory.toAbsolutePath().toString().replace("'", "''") + "'");
            }
        }
    }

    /**
     * How much memory DuckDB may hold before it spills to disk: {@code --memory-limit}, else the
     * environment's {@code DIOSCOPE_MEMORY_LIMIT}, else half the machine's memory, at most 4 GiB.
     */
    public record Settings(long memoryLimitBytes) {
        public static final String ENV = "DIOSCOPE_MEMORY_LIMIT";
        private static final long MAX_DEFAULT = 4L << 30;
        private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
                "(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib|k|m|g|t)?", java.util.regex.Pattern.CASE_INSENSITIVE);

        public Settings {
            if (memoryLimitBytes < (16L << 20)) {
                throw new IllegalArgumentException("a memory limit below 16MB leaves DuckDB nothing to work with");
            }
        }

        /** {@code option} when given, else the environment's, else the default. */
        public static Settings of(String option) {
            if (option != null) return new Settings(parseSize(option));
            String env = System.getenv(ENV);
            if (env != null && !env.isBlank()) {
                try {
                    return new Settings(parseSize(env));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(ENV + ": " + e.getMessage());
                }
            }
            return new Settings(defaultLimit());
        }

        public static Settings fromEnvironment() {
            return of(null);
        }

        static long defaultLimit() {
            long total = 0;
            if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os) {
                total = os.getTotalMemorySize(); // the container's limit when there is one
            }
            return total <= 0 ? MAX_DEFAULT : Math.max(256L << 20, Math.min(MAX_DEFAULT, total / 2));
        }

        /** {@code 4GB}, {@code 512MiB}, {@code 2g}, {@code 1073741824} (bytes): 1000- or 1024-based as written. */
        public static long parseSize(String text) {
            java.util.regex.Matcher m = SIZE.matcher(text.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a size (for example 4GB, 512MiB, 2g)");
            }
            String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(java.util.Locale.ROOT);
            long factor = switch (unit) {
                case "b" -> 1L;
                case "kb" -> 1000L;
                case "mb" -> 1000L * 1000;
                case "gb" -> 1000L * 1000 * 1000;
                case "tb" -> 1000L * 1000 * 1000 * 1000;
                case "k", "kib" -> 1L << 10;
                case "m", "mib" -> 1L << 20;
                case "g", "gib" -> 1L << 30;
                default -> 1L << 40;
            };
            double bytes = Double.parseDouble(m.group(1)) * factor;
            if (bytes > Long.MAX_VALUE / 2) throw new IllegalArgumentException("'" + text + "' is too large");
            return (long) bytes;
        }
    }

    /** A database file dioscope did not make (or a newer dioscope did): refused before anything is written to it. */
    public static final class ForeignDatabaseException extends SQLException {
        public ForeignDatabaseException(String message) {
            super(message);
        }
    }

    /**
     * The version of the tables dioscope keeps in a database file, recorded in {@code dioscope_meta}.
     * 2: event_types gained access and range (and access_kinds, range_kinds appeared); a dioscope
     * that knows only 1 would fail on them, so it refuses the file instead.
     */
    public static final int SCHEMA_VERSION = 2;

    /**
     * A database file is dioscope's when it is new or empty, records a dioscope schema version, or
     * (written before the version was recorded) holds dioscope's own traces, events and event_types.
     */
    private static void checkOwnership(DuckDBConnection c, Path file) throws SQLException {
        java.util.Map<String, java.util.Set<String>> tables = new java.util.TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT table_schema, table_name, column_name FROM information_schema.columns "
                        + "WHERE table_catalog = current_database() AND table_schema NOT IN ('information_schema', 'pg_catalog')")) {
            while (rs.next()) {
                String name = "main".equals(rs.getString(1)) ? rs.getString(2) : rs.getString(1) + "." + rs.getString(2);
                tables.computeIfAbsent(name, k -> new java.util.HashSet<>()).add(rs.getString(3));
            }
        }
        if (tables.isEmpty()) return;
        if (tables.containsKey("dioscope_meta")) {
            long version;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT max(TRY_CAST(value AS INTEGER)) FROM dioscope_meta WHERE key = 'schema_version'")) {
                version = rs.next() ? rs.getLong(1) : 0;
            } catch (SQLException e) {
                throw new ForeignDatabaseException(file + ": not a dioscope database (its dioscope_meta table is not "
                        + "dioscope's); nothing was changed");
            }
            if (version > SCHEMA_VERSION) {
                throw new ForeignDatabaseException(file + ": made by a newer dioscope (schema version " + version
                        + ", this one knows " + SCHEMA_VERSION + "); nothing was changed");
            }
            return;
        }
        boolean legacy = tables.getOrDefault("traces", java.util.Set.of()).containsAll(java.util.List.of("trace_id", "path", "format"))
                && tables.getOrDefault("events", java.util.Set.of()).containsAll(java.util.List.of("trace_id", "line", "ts", "event"))
                && tables.containsKey("event_types");
        if (legacy) return;
        java.util.List<String> names = new java.util.ArrayList<>(tables.keySet());
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? ", ... (" + names.size() + " in all)" : "");
        throw new ForeignDatabaseException(file + ": not a dioscope database: it holds table(s) dioscope did not make ("
                + shown + "); nothing was changed (give --db a new file, or one made by dioscope load)");
    }

    public Connection connection() {
        return connection;
    }

    /** Another connection to the same database, for a load running beside others (close it after). */
    public Connection newConnection() throws SQLException {
        return connection.duplicate();
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
            st.execute("INSERT OR REPLACE INTO dioscope_meta VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
        }
        fillEventTypes();
        try (DuckDBTableFunctionBuilder b = DuckDBFunctions.tableFunction()) {
            b.withName(EventScanFunction.NAME)
                    .withParameter(org.duckdb.DuckDBColumnType.BIGINT)
                    .withFunction(new EventScanFunction())
                    .register(connection);
        }
    }

    /**
     * event_types, access_kinds and range_kinds: the catalog and its vocabulary (queries/schema.sql),
     * tables the schema has just made anew. Appended, not inserted: DuckDB's JDBC runs a batch of
     * INSERTs one statement at a time, which took half a second of every open (measured in the fleet
     * job, which opens a database per trace).
     */
    private void fillEventTypes() throws SQLException {
        DuckDBConnection c = connection;
        // one row per event name: the catalog may list an alias under the same name, the last one wins
        java.util.Map<String, EventType> byName = new java.util.LinkedHashMap<>();
        for (EventType e : EventCatalog.standard().listing()) byName.put(e.name(), e);
        try (org.duckdb.DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "event_types")) {
            for (EventType e : byName.values()) {
                a.beginRow();
                a.append(e.name());
                a.append(e.system());
                a.append(e.family());
                a.append(e.columns());
                appendOrNull(a, e.access() == null ? null : e.access().sqlName);
                a.append(e.range().sqlName);
                appendOrNull(a, e.description());
                a.endRow();
            }
        }
        try (org.duckdb.DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "access_kinds")) {
            for (EventAccess k : EventAccess.values()) {
                a.beginRow();
                a.append(k.sqlName);
                a.append(k.fileEvents);
                a.append(k.recorded);
                a.append(k.meaning);
                a.endRow();
            }
        }
        try (org.duckdb.DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "range_kinds")) {
            for (EventRange r : EventRange.values()) {
                a.beginRow();
                a.append(r.sqlName);
                a.append(r.meaning);
                a.endRow();
            }
        }
    }

    private static void appendOrNull(org.duckdb.DuckDBAppender a, String v) throws SQLException {
        if (v == null) a.appendNull();
        else a.append(v);
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

    /**
     * Below this many events, the model, the rules and the report run on one DuckDB thread. Their
     * statements are many (some sixty) and each is quick on a small trace: DuckDB's second thread only
     * adds hand-overs and takes the core the JVM is compiling on. Measured on 2 cores: the sample
     * (2,885 events) and a 25,748-line corpus trace analysed 0.06 to 0.1 s faster on one thread; the
     * 570k-event fio trace gained nothing and lost as often.
     */
    public static final long ONE_THREAD_BELOW = 100_000;

    /**
     * One DuckDB thread for a database of fewer than {@link #ONE_THREAD_BELOW} events (DuckDB's default,
     * a thread per core, for more), for the queries that follow: call it once the traces are loaded.
     */
    public void fitThreads() throws SQLException {
        if (scalarLong("SELECT count(*) FROM events") >= ONE_THREAD_BELOW) return;
        try (Statement st = connection.createStatement()) {
            st.execute("SET threads = 1");
        }
    }

    /** The next free trace id (traces already in a reused database keep theirs). */
    public int nextTraceId() throws SQLException {
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
        try {
            connection.close();
        } finally {
            deleteTree(spillDirectory);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) return;
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the command for
        }
    }
}
