package io.dioscope.ingest;

/**
 * A place where the trace says it lost events: {@code CPU:1 [LOST 12 EVENTS]} (count known) or
 * {@code ##### CPU 1 buffer started ####} (the ring buffer of that CPU wrapped: everything it held
 * before this point was overwritten; count unknown, -1).
 */
public record TraceLoss(long line, int cpu, long count) {}
