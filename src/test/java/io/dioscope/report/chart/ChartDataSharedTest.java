package io.dioscope.report.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dioscope.AnalyzedCorpus;
import io.dioscope.model.ModelBuilder;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A report's threads read a file's windows once, whichever asks first, each on a connection of its own. */
class ChartDataSharedTest {
    @Test
    void threadsSharingAReportReadTheFioFilesWindowsOnce() throws Exception {
        AnalyzedCorpus c = AnalyzedCorpus.get();
        int fio = c.id(AnalyzedCorpus.FIO);
        ChartData.Shared shared = new ChartData.Shared();
        try (Connection one = c.db.newConnection(); Connection two = c.db.newConnection();
                ChartData a = new ChartData(one, shared); ChartData b = new ChartData(two, shared);
                ChartData alone = new ChartData(c.db.connection())) {
            // the model's macros are a session's: each connection defines them, as a report's threads do
            ModelBuilder.defineMacros(one);
            ModelBuilder.defineMacros(two);
            // both threads at once: one reads, the other waits for that read
            CompletableFuture<List<ChartData.WindowBox>> first = CompletableFuture.supplyAsync(() -> all(a, fio));
            CompletableFuture<List<ChartData.WindowBox>> second = CompletableFuture.supplyAsync(() -> all(b, fio));
            List<ChartData.WindowBox> x = first.join();
            List<ChartData.WindowBox> y = second.join();
            assertEquals(40_747, x.size());
            assertSame(x.get(0), y.get(0), "the second thread got the first one's read");
            List<ChartData.WindowBox> own = all(alone, fio);
            assertEquals(x, own, "what is shared is what a thread reads alone");
            assertNotSame(x.get(0), own.get(0), "a ChartData without the report's Shared reads for itself");
        }
    }

    private static List<ChartData.WindowBox> all(ChartData data, int trace) {
        try {
            return data.windows(trace, "7:0", 131, null, null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
