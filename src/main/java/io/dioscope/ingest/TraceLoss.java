package io.dioscope.ingest;

/**
 * A place where the trace says it lost events: {@code CPU:1 [LOST 12 EVENTS]} (count known),
 * {@code CPU:1 [LOST EVENTS]} or a count that is not a positive 64-bit number
 * ({@code [LOST 18446744073709551616 EVENTS]}, {@code [LOST 0 EVENTS]}): lost, count unknown (-1, meaning
 * more than none); {@code cpu} is -1 when the marker names no CPU that fits 32 bits;
 * {@code ##### CPU 1 buffer started ####} ({@code wrapped}: the ring buffer of that CPU wrapped, everything
 * it held before this point was overwritten; count unknown, -1).
 */
public record TraceLoss(long line, int cpu, long count, boolean wrapped) {}
