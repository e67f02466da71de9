package io.dioscope.bench;

/** One measured phase of a benchmark run; {@code detail} (may be null) says where its time went. */
public record BenchResult(String phase, double seconds, long items, long bytes, long peakRss, long peakHeap,
        String detail) {
    public BenchResult(String phase, double seconds, long items, long bytes, long peakRss, long peakHeap) {
        this(phase, seconds, items, bytes, peakRss, peakHeap, null);
    }

    public double itemsPerSecond() {
        return seconds > 0 ? items / seconds : 0;
    }

    public double mbPerSecond() {
        return seconds > 0 ? bytes / seconds / (1 << 20) : 0;
    }
}
