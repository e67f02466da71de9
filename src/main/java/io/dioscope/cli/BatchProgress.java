package io.dioscope.cli;

import io.dioscope.store.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One progress bar for traces loaded at once: the bytes read of all of them, against their total size. */
final class BatchProgress {
    private final ProgressListener shown;
    private long done;

    BatchProgress(ProgressListener shown, List<Path> inputs) {
        this.shown = shown;
        long total = 0;
        for (Path p : inputs) {
            try {
                if (Files.isRegularFile(p)) total += Files.size(p);
            } catch (IOException e) {
                // its load says why it cannot be read; the bar just leaves it out
            }
        }
        shown.start(inputs.size() + " traces", total);
    }

    /** The listener of one trace: what it reads moves the shared bar. */
    ProgressListener forTrace() {
        return new ProgressListener() {
            private long last;

            @Override
            public void start(String name, long totalBytes) {}

            @Override
            public void advance(long bytes) {
                synchronized (BatchProgress.this) {
                    done += Math.max(0, bytes - last);
                    last = Math.max(last, bytes);
                    shown.advance(done);
                }
            }

            @Override
            public void finish() {}
        };
    }

    void finish() {
        shown.finish();
    }
}
