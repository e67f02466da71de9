package io.dioscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/**
 * The progress bar's text after simulated advances over simulated time: the elapsed time counts from
 * the start of the load, the rate is what was read over that time, the ETA what is left at that rate.
 */
class TerminalProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1 << 20;

    private final AtomicLong now = new AtomicLong(); // read by the library's drawing thread too
    private final List<String> drawn = new ArrayList<>();
    private final TerminalProgress progress = new TerminalProgress(now::get,
            () -> new DelegatingProgressBarConsumer(this::draw, 120));

    private synchronized void draw(String line) {
        drawn.add(line);
    }

    private synchronized List<String> drawn() {
        return List.copyOf(drawn);
    }

    @Test
    void showsElapsedTimeRateAndEtaFromTheStartOfTheLoad() {
        progress.start("xfs-fio-mixed.trace.gz", 100 * MIB);
        now.set(SECOND / 2);
        progress.advance(10 * MIB);
        assertEquals(List.of(), drawn(), "nothing drawn in the first second");
        now.set(2 * SECOND);
        progress.advance(25 * MIB);
        assertEquals("xfs-fio-mixed.trace.gz  25% [==========>                             ] 25.0/100.0 MB  "
                + "0:00:02  12.5 MB/s  ETA 0:00:06", progress.line(120));
        now.set(65 * SECOND);
        progress.advance(50 * MIB);
        assertEquals("xfs-fio-mixed.trace.gz  50% [====================>                   ] 50.0/100.0 MB  "
                + "0:01:05  0.8 MB/s  ETA 0:01:05", progress.line(120));
        now.set(100 * SECOND);
        progress.finish();
        String last = drawn().get(drawn().size() - 1);
        assertEquals("xfs-fio-mixed.trace.gz 100% [========================================] 100.0/100.0 MB  "
                + "0:01:40  1.0 MB/s  ETA 0:00:00", last, "closing draws the finished bar");
    }

    @Test
    void theElapsedTimeMovesWhileTheByteCountDoesNot() throws InterruptedException {
        progress.start("t.trace", 10 * MIB);
        now.set(3 * SECOND);
        progress.advance(10 * MIB); // everything read; DuckDB still storing the rows
        waitForDrawing(line -> line.contains("0:00:03"));
        now.set(9 * SECOND);
        waitForDrawing(line -> line.contains("0:00:09"));
        progress.finish();
    }

    @Test
    void fitsANarrowTerminalAndAnInputOfUnknownSize() {
        progress.start("a-trace-with-a-rather-long-name.trace.gz", 0);
        now.set(4 * SECOND);
        progress.advance(6 * MIB);
        String line = progress.line(60);
        assertEquals(60, line.length(), line);
        assertEquals("a-trace-with-a   ?% [          ] 6.0 MB  0:00:04  1.5 MB/s  ETA ?", progress.line(65));
        progress.finish();
    }

    private void waitForDrawing(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 10 * SECOND;
        while (drawn().stream().noneMatch(wanted)) {
            assertTrue(System.nanoTime() < deadline, "not drawn within 10 s: " + drawn());
            Thread.sleep(20);
        }
    }
}
