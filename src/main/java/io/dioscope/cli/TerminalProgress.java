package io.dioscope.cli;

import io.dioscope.store.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A progress bar on stderr, in bytes of the input file. Shown only when stderr is a terminal (never
 * in CI logs or when piped) and only once a load has run for a second, so small traces stay quiet.
 *
 * <p>The library draws the bar and keeps it on one line; what it says is {@link #line}: the time since
 * the load started (not since the bar appeared), the rate so far and the time left at that rate. The
 * library's own renderer times from when the bar was built and redraws only when the count moves,
 * so a bar that appeared late or sat at 100% while DuckDB stored the rows showed 0:00:00.
 */
final class TerminalProgress implements ProgressListener {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final double MB = 1 << 20;

    private final LongSupplier clock;
    private final Supplier<ProgressBarConsumer> console;
    private ProgressBar bar;
    private String name;
    private long total;
    private long done;
    private long startedAt;

    /** {@code clock} in nanoseconds ({@link System#nanoTime}); {@code console} where the bar is drawn. */
    TerminalProgress(LongSupplier clock, Supplier<ProgressBarConsumer> console) {
        this.clock = clock;
        this.console = console;
    }

    static ProgressListener forStderr() {
        return stderrIsTerminal()
                // file descriptor 2 itself, not System.err, which loading DuckDB's library swaps for a while
                ? new TerminalProgress(System::nanoTime, () -> new ConsoleProgressBarConsumer(
                        new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true)))
                : ProgressListener.NONE;
    }

    /** Linux tells through /proc which file descriptor 2 is; elsewhere fall back to System.console(). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    @Override
    public synchronized void start(String name, long totalBytes) {
        this.name = name;
        this.total = totalBytes;
        this.done = 0;
        this.startedAt = clock.getAsLong();
    }

    @Override
    public synchronized void advance(long bytes) {
        done = total > 0 ? Math.min(Math.max(done, bytes), total) : Math.max(done, bytes);
        if (bar == null) {
            if (clock.getAsLong() - startedAt < SHOW_AFTER_NANOS) return;
            bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total > 0 ? total : -1)
                    .setRenderer((state, width) -> line(width))
                    .setConsumer(console.get())
                    // redraw on time too: the elapsed time moves while the byte count does not
                    .continuousUpdate()
                    .setUpdateIntervalMillis(200)
                    .build();
        }
        bar.stepTo(done);
    }

    @Override
    public void finish() {
        ProgressBar shown;
        synchronized (this) {
            if (total > 0) done = total;
            shown = bar;
            bar = null;
        }
        // closing draws the bar a last time on the library's thread, which calls line(): not under the lock
        if (shown != null) shown.close();
    }

    /**
     * {@code NAME  42% [=====>    ] 2.1/5.1 MB  0:00:03  0.7 MB/s  ETA 0:00:04}, at most {@code width}
     * characters (80 when unknown): the bar gives way first, then the name. Without a size (a pipe),
     * no percentage, bar or ETA can be known: {@code NAME  ?% [          ] 2.1 MB  0:00:03  0.7 MB/s  ETA ?}.
     */
    synchronized String line(int width) {
        if (width <= 0) width = 80;
        double seconds = Math.max(0, clock.getAsLong() - startedAt) / 1e9;
        String percent = total > 0 ? (int) Math.floor(100.0 * done / total) + "%" : "?%";
        String rate = seconds > 0 ? String.format(Locale.ROOT, "%.1f MB/s", done / MB / seconds) : "? MB/s";
        String eta = total > 0 && done > 0 && seconds > 0 ? duration((total - done) * seconds / done) : "?";
        String size = total > 0 ? String.format(Locale.ROOT, "%.1f/%.1f MB", done / MB, total / MB)
                : String.format(Locale.ROOT, "%.1f MB", done / MB);
        String tail = "] " + size + "  " + duration(seconds) + "  " + rate + "  ETA " + eta;
        String open = String.format(Locale.ROOT, " %4s [", percent);
        int barWidth = Math.min(40, width - name.length() - open.length() - tail.length());
        String shownName = name;
        if (barWidth < 10) {
            barWidth = 10;
            int room = width - open.length() - barWidth - tail.length();
            shownName = name.substring(0, Math.max(0, Math.min(name.length(), room)));
        }
        int filled = total > 0 ? (int) (barWidth * done / total) : 0;
        String bar = "=".repeat(filled) + (filled < barWidth && total > 0 ? ">" : "");
        String line = shownName + open + bar + " ".repeat(barWidth - bar.length()) + tail;
        return line.length() > width ? line.substring(0, width) : line;
    }

    /** h:mm:ss, as the library prints it. */
    static String duration(double seconds) {
        long s = (long) seconds;
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
}
