package io.dioscope.record;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One CPU's ring-buffer counters ({@code per_cpu/cpuN/stats}). {@code overrun}: events overwritten
 * before anyone read them (the buffer was full in overwrite mode); {@code commit overrun}: events lost
 * inside an interrupt's nested writes; {@code dropped events}: events refused because the buffer was
 * full in non-overwrite mode. Their sum is what that CPU lost. {@code entries + read events} is what it
 * recorded since the buffer was last cleared; {@code bytes} what it holds unread.
 */
public record CpuStats(String cpu, long entries, long overrun, long commitOverrun, long bytes, long dropped, long read) {
    public long lost() {
        return overrun + commitOverrun + dropped;
    }

    /** Events written to this CPU's buffer since it was cleared, read or not. */
    public long written() {
        return entries + read + overrun;
    }

    static CpuStats parse(String cpu, String text) {
        long[] v = new long[6];
        String[] keys = {"entries", "overrun", "commit overrun", "bytes", "dropped events", "read events"};
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip();
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) v[i] = Long.parseLong(line.substring(colon + 1).strip());
            }
        }
        return new CpuStats(cpu, v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** Every CPU's counters now. */
    public static List<CpuStats> read(Tracefs t) throws IOException {
        List<CpuStats> all = new ArrayList<>();
        for (String cpu : t.cpus()) all.add(parse(cpu, t.read("per_cpu/" + cpu + "/stats")));
        return all;
    }

    public static long totalLost(List<CpuStats> stats) {
        return stats.stream().mapToLong(CpuStats::lost).sum();
    }
}
