package io.dioscope.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) of this process's children that have exited and been waited for: the
 * kernel adds each reaped child's time to its parent's cutime and cstime (/proc/self/stat, fields 16
 * and 17, in clock ticks). The difference around one child is that child's CPU time, which other
 * builds on a shared machine stretch far less than its wall time. Linux only.
 */
public final class ChildCpu {
    private static final Path STAT = Path.of("/proc/self/stat");
    /** USER_HZ: what /proc counts in; 100 on every Linux architecture dioscope builds for. */
    private static final double TICKS_PER_SECOND = 100;

    private ChildCpu() {}

    /** Whether {@link #seconds} can be read here. */
    public static boolean available() {
        return Files.isReadable(STAT);
    }

    /** Seconds of CPU of the children reaped so far. */
    public static double seconds() throws IOException {
        String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
        // the command name, field 2, is in parentheses and may hold blanks: count fields after it
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): cutime is field 16, cstime field 17
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
    }
}
