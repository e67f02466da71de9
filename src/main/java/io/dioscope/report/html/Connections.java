package io.dioscope.report.html;

import io.dioscope.model.ModelBuilder;
import io.dioscope.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Connections to a report's database for the threads that read the charts' data, each with the model's
 * macros defined in it (they are a session's, TEMP). Defining them is DuckDB parsing a few hundred lines
 * of SQL, 15-20 ms of CPU per connection; the page's four threads paid it as they started, on the page's
 * critical path. {@link #openAhead} opens them while the rules run, which leave a core idle on a small
 * trace; {@link #take} hands one over, or opens one if none is ready yet.
 */
final class Connections implements AutoCloseable {
    private final Database db;
    private final Deque<Connection> ready = new ArrayDeque<>();
    private boolean closed;

    Connections(Database db) {
        this.db = db;
    }

    /** Opens {@code n} connections on a thread of its own; a failure is left for {@link #take}, which says why. */
    void openAhead(int n) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                Connection c;
                try {
                    c = open();
                } catch (SQLException | RuntimeException e) {
                    return;
                }
                synchronized (this) {
                    if (closed) {
                        closeQuietly(c);
                        return;
                    }
                    ready.add(c);
                }
            }
        }, "dioscope-connections");
        t.setDaemon(true);
        t.start();
    }

    /** A connection with the macros, the caller's to close: one opened ahead, else a new one. */
    Connection take() throws SQLException {
        synchronized (this) {
            Connection c = ready.poll();
            if (c != null) return c;
        }
        return open();
    }

    /** The connections opened ahead and not taken: for tests. */
    synchronized java.util.List<Connection> readyForTest() {
        return java.util.List.copyOf(ready);
    }

    private Connection open() throws SQLException {
        Connection c = db.newConnection();
        try {
            ModelBuilder.defineMacros(c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
        return c;
    }

    /** Closes the connections opened ahead and not taken (and those the thread still opens). */
    @Override
    public synchronized void close() {
        closed = true;
        for (Connection c : ready) closeQuietly(c);
        ready.clear();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // a connection nothing was read on: nothing is lost
        }
    }
}
