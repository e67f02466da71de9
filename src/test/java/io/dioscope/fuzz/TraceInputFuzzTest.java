package io.dioscope.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of what opens a file: compression detection from magic bytes (gzip, zstd,
 * xz, bzip2, lz4, none) and cutting the decompressed text into lines. Any bytes either open and read
 * to their end (possibly reporting a truncated stream) or fail with a one-line TraceInputException.
 */
class TraceInputFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void anyFile(byte[] data) throws IOException {
        Path file = Files.createTempFile("dioscope-fuzz", ".trace");
        try {
            Files.write(file, data);
            TraceFile trace;
            try {
                trace = TraceFile.open(file);
            } catch (TraceInputException e) {
                if (e.getMessage() == null || e.getMessage().contains("\n")) throw new IllegalStateException(e);
                return;
            }
            try (LineBlockReader reader = new LineBlockReader(trace.text(), 4096, trace::position)) {
                long newlines = 0;
                for (LineBlock b = reader.next(); b != null; b = reader.next()) {
                    for (int i = 0; i < b.length; i++) if (b.data[i] == '\n') newlines++;
                }
                // every line is handed out in a block, or skipped as too long (and counted all the same)
                long handedOut = reader.linesRead() - reader.skippedLines();
                if (handedOut != newlines && handedOut != newlines + 1) {
                    throw new IllegalStateException(reader.linesRead() + " lines counted (" + reader.skippedLines()
                            + " skipped as too long) for " + newlines + " newlines handed out");
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
