package io.dioscope.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a file's bytes are on its device, as {@code filefrag -v} or {@code xfs_bmap -v} print it: what
 * turns a block request's sectors into (file, offset). Holes and extents with no place yet (delayed
 * allocation: filefrag's {@code unknown_loc}) are left out, since no request can touch them.
 *
 * <p>filefrag counts in the unit its {@code File size of F is N (M blocks of B bytes)} line states
 * ({@code -b512} makes it 512; older versions print {@code blocksize B}); xfs_bmap always counts
 * 512-byte basic blocks.
 */
public final class ExtentMap {
    /** One extent: {@code len} bytes at byte {@code filePos} of {@code path}, from 512-byte sector {@code sector}. */
    public record Extent(long line, String path, long filePos, long sector, long len, String flags) {}

    private ExtentMap() {}

    private static final Pattern FILEFRAG_FILE = Pattern.compile(
            "File size of (.*) is \\d+ \\(\\d+ blocks?(?: of (\\d+) bytes|, blocksize (\\d+))\\)\\s*");
    private static final Pattern FILEFRAG_EXTENT = Pattern.compile(
            "\\s*\\d+:\\s*(\\d+)\\.\\.\\s*(\\d+):\\s*(\\d+)\\.\\.\\s*(\\d+):\\s*(\\d+):\\s*(?:(\\d+):)?\\s*(\\S*)\\s*");
    private static final Pattern BMAP_FILE = Pattern.compile("(\\S.*):\\s*");
    private static final Pattern BMAP_EXTENT = Pattern.compile(
            "\\s*\\d+:\\s*\\[(\\d+)\\.\\.(\\d+)\\]:\\s*(?:(\\d+)\\.\\.(\\d+)|(hole))(.*)");

    /** Reads one file; a line it cannot place is an error naming the file and the line. */
    public static List<Extent> read(Path file) throws TraceInputException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new TraceInputException(file + ": no such file");
        } catch (IOException e) {
            throw new TraceInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        List<Extent> out = new ArrayList<>();
        String path = null;
        long unit = 0; // bytes per block of the current file; 0 until a file is named
        boolean bmap = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            long lineNo = n + 1;
            Matcher m;
            if ((m = FILEFRAG_FILE.matcher(line)).matches()) {
                path = m.group(1);
                unit = Long.parseLong(m.group(2) != null ? m.group(2) : m.group(3));
                bmap = false;
            } else if (!bmap && unit > 0 && (m = FILEFRAG_EXTENT.matcher(line)).matches()) {
                String flags = m.group(7);
                if (flags.contains("unknown_loc") || flags.contains("delalloc")) continue;
                long first = number(file, lineNo, m.group(1));
                long last = number(file, lineNo, m.group(2));
                long phys = number(file, lineNo, m.group(3));
                if (last < first || unit % 512 != 0) {
                    throw new TraceInputException(file + ":" + lineNo + ": extent " + first + ".." + last
                            + " in blocks of " + unit + " bytes cannot be placed in 512-byte sectors");
                }
                out.add(new Extent(lineNo, path, first * unit, phys * unit / 512, (last - first + 1) * unit,
                        flags.isEmpty() ? null : flags));
            } else if (bmap && (m = BMAP_EXTENT.matcher(line)).matches()) {
                if (m.group(5) != null) continue; // a hole
                long first = number(file, lineNo, m.group(1));
                long last = number(file, lineNo, m.group(2));
                long phys = number(file, lineNo, m.group(3));
                String rest = m.group(6).trim();
                out.add(new Extent(lineNo, path, first * 512, phys, (last - first + 1) * 512,
                        rest.isEmpty() ? null : rest.replaceAll("\\s+", " ")));
            } else if (!line.startsWith(" ") && !line.startsWith("Filesystem type is:")
                    && !line.contains(" extent found") && !line.contains(" extents found")
                    && (m = BMAP_FILE.matcher(line)).matches()) {
                path = m.group(1);
                unit = 512;
                bmap = true;
            } else if (!isHeading(line)) {
                throw new TraceInputException(file + ":" + lineNo + ": not a line of filefrag -v or xfs_bmap -v "
                        + "output: " + (line.length() > 120 ? line.substring(0, 120) : line));
            }
        }
        if (out.isEmpty()) {
            throw new TraceInputException(file + ": no extents (expected the output of filefrag -v or xfs_bmap -v)");
        }
        return out;
    }

    /** The lines around the extents that say nothing about where they are. */
    private static boolean isHeading(String line) {
        String s = line.trim();
        return s.isEmpty() || s.startsWith("Filesystem type is:") || s.startsWith("ext:") || s.startsWith("EXT:")
                || s.endsWith(" extent found") || s.endsWith(" extents found") || s.startsWith("Filesystem cylinder groups");
    }

    private static long number(Path file, long line, String digits) throws TraceInputException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new TraceInputException(file + ":" + line + ": " + digits + " does not fit 64 bits");
        }
    }
}
