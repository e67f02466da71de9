package io.dioscope.ingest;

/** A line that could not be parsed, kept for the report (the first few of each trace). */
public record ParseProblem(long line, String text, String reason) {}
