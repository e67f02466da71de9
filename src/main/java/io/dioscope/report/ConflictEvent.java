package io.dioscope.report;

/** One event a finding names: where it is in the trace and what it was. */
public record ConflictEvent(long line, long ts, int pid, String comm, String event, Long pos, Long len, String body) {}
