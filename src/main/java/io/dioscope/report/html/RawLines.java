package io.dioscope.report.html;

import io.dioscope.bytes.Ascii;
import io.dioscope.ingest.LineBlock;
import io.dioscope.ingest.LineBlockReader;
import io.dioscope.ingest.StdinSpool;
import io.dioscope.ingest.TraceFile;
import io.dioscope.ingest.TraceInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The raw text of chosen lines of a trace file, read back from the file itself (decompressing as
 * the loader did), so a report shows exactly what the kernel printed. Only from the very file that was
 * loaded: the file now at the path must have the size and SHA-256 the database recorded, else its
 * lines would be another file's, and none is shown.
 */
final class RawLines {
    /** Shown instead of the lines when the file at the path is not the one that was loaded. */
    static final String CHANGED = "lines unavailable: the file changed since it was loaded";

    /** The lines found, or why there are none. */
    record Result(Map<Long, String> lines, String unavailable) {}

    private RawLines() {}

    /**
     * The lines asked for of the file at {@code path}, which was loaded with {@code fileBytes} bytes
     * hashing to {@code sha256} (null for a database that did not record it).
     */
    static Result read(Path path, Long fileBytes, String sha256, Set<Long> wanted) {
        Map<Long, String> out = new HashMap<>();
        if (wanted.isEmpty()) return new Result(out, null);
        if (fileBytes == null || sha256 == null) {
            return new Result(out, "lines unavailable: the database does not record the file's hash, so the file "
                    + "now at its path cannot be checked (it was loaded by an older dioscope)");
        }
        if (path.toString().equals("-")) {
            // read back from this process's copy of the standard input, when it is the copy of this trace
            Path copy = StdinSpool.file();
            try {
                if (copy == null || !sameFile(copy, fileBytes, sha256)) {
                    return new Result(out, "lines unavailable: the trace was read from the standard input "
                            + "(its lines can be shown only by the run that read it)");
                }
            } catch (IOException e) {
                return new Result(out, "lines unavailable: the copy of the standard input cannot be read");
            }
            path = copy;
        }
        try {
            if (!Files.isRegularFile(path) && !TraceFile.isInstance(path)) {
                return new Result(out, "lines unavailable: " + path + " is no longer there");
            }
            if (!sameFile(path, fileBytes, sha256)) return new Result(out, CHANGED);
        } catch (IOException e) {
            return new Result(out, "lines unavailable: " + path + " cannot be read");
        }
        // a loop, not a stream: tens of thousands of lines, sorted while the stream's code is still interpreted
        long[] lines = new long[wanted.size()];
        int n = 0;
        for (long line : wanted) lines[n++] = line;
        java.util.Arrays.sort(lines);
        try {
            TraceFile file = TraceFile.open(path);
            file.showRecordPositions(); // a trace.dat's lines are renderings: say which record each one is
            // a block is done with before the next is read: every block is the same memory, not 91 MB of fresh blocks
            try (LineBlockReader reader = new LineBlockReader(file.text(), LineBlockReader.DEFAULT_BLOCK_SIZE, file::position)
                    .reusingBlocks()) {
                int next = 0; // lines[next] is the first line still to find
                LineBlock b;
                while (next < lines.length && (b = reader.next()) != null) {
                    // a block with no line asked for is only decompressed and counted: most of a big trace
                    long lastOfBlock = reader.linesRead();
                    while (next < lines.length && lines[next] < b.firstLine) next++;
                    long line = b.firstLine;
                    int pos = 0;
                    while (next < lines.length && lines[next] <= lastOfBlock && pos < b.length) {
                        int nl = Ascii.indexOf(b.data, pos, b.length, (byte) '\n');
                        int end = nl < 0 ? b.length : nl;
                        if (line == lines[next]) {
                            out.put(line, Ascii.text(b.data, pos, end));
                            next++;
                        }
                        pos = end + 1;
                        line++;
                    }
                }
            }
        } catch (TraceInputException | IOException e) {
            // the report says the lines are unavailable; everything else in it still stands
        }
        return new Result(out, out.isEmpty() ? "lines unavailable: " + path + " could not be read back" : null);
    }

    /** The file at {@code path} is the one loaded; an instance of a trace.dat is hashed as the loader hashed it. */
    private static boolean sameFile(Path path, long fileBytes, String sha256) throws IOException {
        if (!TraceFile.isInstance(path)) return Files.size(path) == fileBytes && sha256.equalsIgnoreCase(sha256(path));
        try {
            TraceFile f = TraceFile.open(path);
            try (InputStream text = f.text()) {
                return sha256.equalsIgnoreCase(f.sha256Hex()) && f.position() == fileBytes;
            }
        } catch (TraceInputException e) {
            return false;
        }
    }

    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            int n;
            while ((n = in.read(buffer)) > 0) digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
