package io.dioscope.report.html;

import io.dioscope.report.chart.ChartData;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Part of a page's data read beside the page's own thread: on a thread of its own, through a connection
 * of its own to the same database (DuckDB runs the two connections' queries at once), with the model's
 * macros ({@link Connections}).
 */
final class OwnConnection {
    /** What the thread does with the charts' queries on its connection. */
    interface Work<T> {
        T run(ChartData data) throws Exception;
    }

    private OwnConnection() {}

    /** {@code work} on a thread of its own, its data shared with the report's other threads through {@code shared}. */
    static <T> CompletableFuture<T> start(Connections connections, ChartData.Shared shared, String threadName, Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Connection c = connections.take(); ChartData data = new ChartData(c, shared)) {
                result.complete(work.run(data));
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** The value of a future, or what it failed with. */
    static <T> T joined(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
