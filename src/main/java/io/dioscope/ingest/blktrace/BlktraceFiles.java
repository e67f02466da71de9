package io.dioscope.ingest.blktrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * blktrace writes one file per CPU, {@code DEV.blktrace.CPU}; {@code blkparse -i DEV} reads them all as
 * one trace. Here naming any of them reads the whole set the same way.
 */
public final class BlktraceFiles {
    /** DEV.blktrace.CPU, and the same compressed ({@code .gz}, {@code .zst}, ...: the suffix after the CPU). */
    private static final Pattern CPU_FILE = Pattern.compile("(.+)\\.blktrace\\.(\\d{1,9})(\\.[A-Za-z0-9]+)?");

    private BlktraceFiles() {}

    /** The first bytes are a blk_io_trace record's magic, in either byte order (any version). */
    public static boolean isBlktrace(byte[] head, int n) {
        return BlkIoTrace.version(head, n) >= 0;
    }

    /**
     * Null when the version is the one this reader knows, else why the file cannot be read. Version 8
     * (struct blk_io_trace2: a 64-bit action, the pid before it, 12 bytes of padding) came with Linux
     * 6.19 (commits 4d8bc7bd4f73, 4ae8efb4f907): blktrace writes it through the relay files after
     * BLKTRACESETUP2; the blk tracer's binary output stays version 7 there too
     * (blk_trace_synthesize_old_trace). No version-8 file could be made to check a reader against:
     * the kernel of the captures (6.18) has neither, and blktrace's debugfs files are blocked there.
     */
    public static String unsupported(byte[] head, int n) {
        int v = BlkIoTrace.version(head, n);
        if (v == BlkIoTrace.VERSION) return null;
        if (v == BlkIoTrace.VERSION + 1) {
            return "blk_io_trace version 8 (struct blk_io_trace2, 64-bit actions, written by blktrace on Linux 6.19 "
                    + "and later) is not read: dioscope reads version 7 only, as no real version-8 file was at hand to "
                    + "check a reader against; load the text `blkparse -i DEV` prints of it instead";
        }
        return "blk_io_trace version " + v + " (dioscope reads version " + BlkIoTrace.VERSION + ", the 32-bit actions)";
    }

    /**
     * The CPU files of the set {@code file} belongs to, by CPU number: {@code DEV.blktrace.0},
     * {@code DEV.blktrace.1}, ... beside it, with the same compression suffix as it ({@code
     * DEV.blktrace.0.gz} goes with {@code DEV.blktrace.1.gz}); just the file when its name is not of
     * that form.
     */
    public static List<Path> cpuFiles(Path file) {
        Matcher m = CPU_FILE.matcher(file.getFileName() == null ? "" : file.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(file)) return List.of(file);
        Path dir = file.toAbsolutePath().getParent();
        String base = m.group(1);
        String suffix = String.valueOf(m.group(3));
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> {
                Matcher o = CPU_FILE.matcher(p.getFileName().toString());
                if (o.matches() && o.group(1).equals(base) && String.valueOf(o.group(3)).equals(suffix)) {
                    out.add(file.resolveSibling(p.getFileName()));
                }
            });
        } catch (IOException e) {
            return List.of(file);
        }
        out.sort(Comparator.comparingLong(BlktraceFiles::cpu));
        return out;
    }

    private static long cpu(Path p) {
        Matcher m = CPU_FILE.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : 0;
    }
}
