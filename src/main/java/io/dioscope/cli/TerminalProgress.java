package io.dioscope.cli;

import io.dioscope.store.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, in bytes of the input file. Shown only when stderr is a terminal (never
 * in CI logs or when piped) and only once a load has run for a second, so small traces stay quiet.
 */
final class TerminalProgress implements ProgressListener {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;

    private final boolean enabled;
    private ProgressBar bar;
    private String name;
    private long total;
    private long startedAt;

    private TerminalProgress(boolean enabled) {
        this.enabled = enabled;
    }

    static ProgressListener forStderr() {
        return stderrIsTerminal() ? new TerminalProgress(true) : ProgressListener.NONE;
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
        this.startedAt = System.nanoTime();
    }

    @Override
    public synchronized void advance(long bytes) {
        if (!enabled) return;
        if (bar == null) {
            if (System.nanoTime() - startedAt < SHOW_AFTER_NANOS) return;
            bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total)
                    .setUnit(" MB", 1 << 20)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(200)
                    .build();
        }
        bar.stepTo(Math.min(bytes, total));
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
            bar = null;
        }
    }
}
