package io.dioscope.ingest.dat;

import java.util.List;

/**
 * One ring buffer recorded in a trace.dat: the top buffer (name "") or an instance
 * ({@code trace-cmd record -B NAME}). Its per-CPU data lies at the offsets given, each {@code size} bytes
 * in the file; when {@code compressed}, as chunks of the file's compression.
 */
public record DatBuffer(String name, String clock, int pageSize, List<CpuData> cpus, boolean compressed) {
    /** One CPU's recorded pages: {@code size} bytes of the file at {@code offset}. */
    public record CpuData(int cpu, long offset, long size) {}

    public boolean isTop() {
        return name.isEmpty();
    }

    /** "the top buffer" or "instance NAME", for messages and trace names. */
    public String label() {
        return isTop() ? "the top buffer" : "instance " + name;
    }
}
