package io.dioscope.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How large each CPU's ring buffer must be. The recorder empties the buffers while the command runs,
 * so a buffer only has to absorb the events written while the reader is held up (scheduled out,
 * waiting on the disk it writes to); {@link #SECONDS_OF_HEADROOM} seconds of the busiest CPU's rate in
 * the first second is taken to be enough. The buffer only grows, and never beyond a share of the
 * memory available, since the kernel allocates it on every CPU.
 */
public final class BufferSizing {
    /** What a recording starts with per CPU, before any rate was seen. */
    public static final long INITIAL_KB = 16 * 1024;
    static final int SECONDS_OF_HEADROOM = 4;
    /** An event's size in the buffer when none is left unread to measure it by (header + a typical body). */
    private static final long TYPICAL_EVENT_BYTES = 64;

    private BufferSizing() {}

    /**
     * The per-CPU size in KiB for events written at the rate {@code firstSecond} shows over
     * {@code seconds} (the stats read just after the buffers were cleared cover the whole span), at
     * least {@code currentKb}, at most {@code capKb}.
     */
    static long sizeKb(List<CpuStats> firstSecond, double seconds, long currentKb, long capKb) {
        long worstBytesPerSecond = 0;
        for (CpuStats s : firstSecond) {
            long eventBytes = s.entries() > 0 ? Math.max(16, s.bytes() / s.entries()) : TYPICAL_EVENT_BYTES;
            long perSecond = (long) (s.written() * eventBytes / Math.max(seconds, 0.001));
            worstBytesPerSecond = Math.max(worstBytesPerSecond, perSecond);
        }
        long wanted = worstBytesPerSecond * SECONDS_OF_HEADROOM / 1024;
        return Math.max(currentKb, Math.min(wanted, capKb));
    }

    /** A quarter of MemAvailable spread over the CPUs, in KiB; INITIAL_KB when /proc/meminfo says nothing. */
    static long capKb(int cpus) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                long kb = Long.parseLong(line.replaceAll("\\D+", ""));
                return Math.max(INITIAL_KB, kb / 4 / Math.max(1, cpus));
            }
        }
        return INITIAL_KB;
    }
}
