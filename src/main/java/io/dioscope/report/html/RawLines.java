package io.dioscope.report.html;

import io.dioscope.ingest.Ascii;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The raw text of chosen lines of a trace file, read back from the file itself (decompressing as
 * the loader did), so a report shows exactly what the kernel printed.
 */
final class RawLines {
    private RawLines() {}

    /** The lines asked for; missing from the map when the file can no longer be read. */
    static Map<Long, String> read(Path path, Set<Long> wanted) {
        Map<Long, String> out = new HashMap<>();
        if (wanted.isEmpty()) return out;
        long last = wanted.stream().mapToLong(Long::longValue).max().orElse(0);
        try {
            TraceFile file = TraceFile.open(path);
            try (LineBlockReader reader = new LineBlockReader(file.text(), LineBlockReader.DEFAULT_BLOCK_SIZE, file::position)) {
                LineBlock b;
                while ((b = reader.next()) != null && b.firstLine <= last) {
                    long line = b.firstLine;
                    int pos = 0;
                    while (pos < b.length) {
                        int nl = Ascii.indexOf(b.data, pos, b.length, (byte) '\n');
                        int end = nl < 0 ? b.length : nl;
                        if (wanted.contains(line)) out.put(line, Ascii.text(b.data, pos, end));
                        pos = end + 1;
                        line++;
                    }
                }
            }
        } catch (TraceInputException | IOException e) {
            // the report says the lines are unavailable; everything else in it still stands
        }
        return out;
    }
}
